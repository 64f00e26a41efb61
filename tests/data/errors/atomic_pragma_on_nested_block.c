long n;
void f(void)
{
    atomic {
#pragma atomicc strategy(global)
        atomic { n++; }
    }
}
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:5:1: error: #pragma atomicc strategy(...) must come right before an outermost atomic block
// STDERR:  #pragma atomicc strategy(global)
// STDERR:  ^
