long n;
void f(void)
{
#pragma atomicc strategy(global)
    n++;
}
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:4:1: error: #pragma atomicc strategy(...) must come right before an outermost atomic block
// STDERR:  #pragma atomicc strategy(global)
// STDERR:  ^
