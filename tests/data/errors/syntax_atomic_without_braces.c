long n;
void f(void)
{
    atomic n++;
}
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:4:5: error: 'atomic' must be followed by a block: atomic { ... }
// STDERR:      atomic n++;
// STDERR:      ^
