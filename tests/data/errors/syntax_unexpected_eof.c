int main(void)
{
    return 0;
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:3:14: error: expected '}' at end of input
// STDERR:      return 0;
// STDERR:               ^
