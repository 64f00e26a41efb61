long n;
void f(void)
{
#pragma atomicc fast
    atomic { n++; }
}
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:4:1: error: unknown #pragma atomicc directive; expected '#pragma atomicc strategy(NAME)'
// STDERR:  #pragma atomicc fast
// STDERR:  ^
