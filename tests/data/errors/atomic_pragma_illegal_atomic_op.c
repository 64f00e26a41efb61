long a, b;
void f(void)
{
#pragma atomicc strategy(atomic-op)
    atomic { a++; b++; }
}
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:5:5: error: strategy 'atomic-op' cannot be used for this atomic block: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// STDERR:      atomic { a++; b++; }
// STDERR:      ^
