long n;
void f(void)
{
    atomic { if (n == 0) retry 1; n--; }
}
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:4:26: error: 'retry' takes no operand: write 'retry;'
// STDERR:      atomic { if (n == 0) retry 1; n--; }
// STDERR:                           ^
