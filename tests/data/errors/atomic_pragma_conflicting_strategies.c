long n;
void inc(void)
{
#pragma atomicc strategy(global)
    atomic { n++; }
}
void dec(void)
{
#pragma atomicc strategy(stm)
    atomic { n--; }
}
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:10:5: error: atomic blocks 1 and 2 share data (or one runs inside the other) but are forced to different strategies, 'global' and 'stm': blocks that can touch the same memory must use one strategy
// STDERR:      atomic { n--; }
// STDERR:      ^
// STDERR: %s:4:1: note: block 1 is forced to 'global' here
// STDERR:  #pragma atomicc strategy(global)
// STDERR:  ^
