int x;
void f(void)
{
    if (x {
        x = 0;
    }
}
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:4:10: error: expected ')' or ',' before '{'
// STDERR:      if (x {
// STDERR:           ^
