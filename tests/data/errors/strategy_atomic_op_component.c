long n, m;
void inc(void)
{
    atomic { n++; }
}
void reset(void)
{
    atomic { n = 0; m++; }
}
// RUN: atomicc --strategy=atomic-op %s
// STATUS: 1
// STDERR: %s:4:5: error: strategy 'atomic-op' cannot be used for this atomic block: its component is not a single integer location updated by one commutative operation, load or store in every block
// STDERR:      atomic { n++; }
// STDERR:      ^
// STDERR: %s:8:5: error: strategy 'atomic-op' cannot be used for this atomic block: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// STDERR:      atomic { n = 0; m++; }
// STDERR:      ^
