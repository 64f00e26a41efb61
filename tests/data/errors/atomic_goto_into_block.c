int n;
void f(void)
{
    goto inside;
    atomic {
    inside:
        n++;
    }
}
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:4:5: error: 'goto inside' jumps into an atomic block
// STDERR:      goto inside;
// STDERR:      ^
// STDERR: %s:5:5: note: label 'inside' is inside the atomic block that starts here
// STDERR:      atomic {
// STDERR:      ^
