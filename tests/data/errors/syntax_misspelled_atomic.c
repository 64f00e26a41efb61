long n;
void f(void)
{
    atomc { n++; }
}
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:4:5: error: unknown block keyword 'atomc'; did you mean 'atomic'?
// STDERR:      atomc { n++; }
// STDERR:      ^
// STDERR:      atomic
