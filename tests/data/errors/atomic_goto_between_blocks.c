long n;
void f(void)
{
    atomic {
        n++;
        goto other;
    }
    atomic {
    other:
        n--;
    }
}
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:6:9: error: 'goto other' jumps into an atomic block
// STDERR:          goto other;
// STDERR:          ^
// STDERR: %s:8:5: note: label 'other' is inside the atomic block that starts here
// STDERR:      atomic {
// STDERR:      ^
