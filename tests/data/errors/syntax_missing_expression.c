int x;
void f(void)
{
    x = ;
}
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:4:9: error: expected expression before ';'
// STDERR:      x = ;
// STDERR:          ^
