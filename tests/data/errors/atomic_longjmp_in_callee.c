#include <setjmp.h>
jmp_buf env;
long n;
static void bail(void) { longjmp(env, 1); }
void f(void)
{
    atomic { n++; if (n > 9) bail(); }
}
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:4:26: error: 'longjmp' (called through bail) inside an atomic block would leave the block without committing it or releasing its locks; leave the block first, then jump
// STDERR:  static void bail(void) { longjmp(env, 1); }
// STDERR:                           ^
// STDERR: %s:7:5: note: the atomic block starts here
// STDERR:      atomic { n++; if (n > 9) bail(); }
// STDERR:      ^
