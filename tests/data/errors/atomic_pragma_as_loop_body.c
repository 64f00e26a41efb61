long n;
void f(void)
{
    for (int i = 0; i < 3; i++)
#pragma atomicc strategy(global)
        atomic { n++; }
}
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:5:1: error: '#pragma atomicc strategy(global)' is not allowed here: a #pragma must stand between statements or declarations; put braces around the statement it belongs to
// STDERR:  #pragma atomicc strategy(global)
// STDERR:  ^
