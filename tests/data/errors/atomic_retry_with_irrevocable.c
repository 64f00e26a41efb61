#include <stdio.h>
long n;
void f(void)
{
    atomic {
        printf("waiting\n");
        if (n == 0)
            retry;
        n--;
    }
}
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:5:5: error: this atomic block can retry but calls 'printf', which cannot be undone; move the call out of the block
// STDERR:      atomic {
// STDERR:      ^
// STDERR: %s:6:9: note: the irrevocable call 'printf' is here
// STDERR:          printf("waiting\n");
// STDERR:          ^
// STDERR: %s:8:13: note: 'retry' is here
// STDERR:              retry;
// STDERR:              ^
