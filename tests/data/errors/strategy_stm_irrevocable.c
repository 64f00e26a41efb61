#include <stdio.h>
long n;
void f(void)
{
    atomic {
        n++;
        printf("%ld\n", n);
    }
}
// RUN: atomicc --strategy=stm %s
// STATUS: 1
// STDERR: %s:5:5: error: strategy 'stm' cannot be used for this atomic block: it calls 'printf', which cannot be rolled back
// STDERR:      atomic {
// STDERR:      ^
// STDERR: %s:7:9: note: the irrevocable call is here
// STDERR:          printf("%ld\n", n);
// STDERR:          ^
