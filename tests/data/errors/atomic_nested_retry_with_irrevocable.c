#include <stdio.h>
long n;
void f(void)
{
    atomic {
        atomic {
            if (n == 0)
                retry;
            n--;
        }
        puts("taken");
    }
}
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:5:5: error: this atomic block can retry but calls 'puts', which cannot be undone; move the call out of the block
// STDERR:      atomic {
// STDERR:      ^
// STDERR: %s:11:9: note: the irrevocable call 'puts' is here
// STDERR:          puts("taken");
// STDERR:          ^
// STDERR: %s:8:17: note: 'retry' is here
// STDERR:                  retry;
// STDERR:                  ^
