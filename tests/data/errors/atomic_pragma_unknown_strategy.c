long n;
void f(void)
{
#pragma atomicc strategy(fastest)
    atomic { n++; }
}
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:4:1: error: unknown strategy 'fastest' in #pragma atomicc; choose one of: global, pervar, stm, atomic-op
// STDERR:  #pragma atomicc strategy(fastest)
// STDERR:  ^
