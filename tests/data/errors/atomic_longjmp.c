#include <setjmp.h>
jmp_buf env;
long n;
void f(void)
{
    atomic {
        n++;
        if (n > 10)
            longjmp(env, 1);
    }
}
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:9:13: error: 'longjmp' inside an atomic block would leave the block without committing it or releasing its locks; leave the block first, then jump
// STDERR:              longjmp(env, 1);
// STDERR:              ^
// STDERR: %s:6:5: note: the atomic block starts here
// STDERR:      atomic {
// STDERR:      ^
