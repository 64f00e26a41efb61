long a, b;
void f(void)
{
    atomic { a++; b++; }
}
// RUN: atomicc --strategy=atomic-op %s
// STATUS: 1
// STDERR: %s:4:5: error: strategy 'atomic-op' cannot be used for this atomic block: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// STDERR:      atomic { a++; b++; }
// STDERR:      ^
