int n;
void f(void)
{
    if (n == 0)
        retry;
}
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:5:9: error: 'retry' outside an atomic block: 'f' can run outside every atomic block
// STDERR:          retry;
// STDERR:          ^
// STDERR: %s:2:1: note: 'f' can run outside every atomic block (nothing in the program calls it)
// STDERR:  void f(void)
// STDERR:  ^
