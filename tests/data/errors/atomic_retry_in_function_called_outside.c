long items;
long take(void)
{
    if (items == 0)
        retry;
    return items--;
}
long get(void) { long v; atomic { v = take(); } return v; }
long peek(void) { return take(); }
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:5:9: error: 'retry' outside an atomic block: 'take' can run outside every atomic block
// STDERR:          retry;
// STDERR:          ^
// STDERR: %s:9:26: note: 'take' is called here, outside any atomic block
// STDERR:  long peek(void) { return take(); }
// STDERR:                           ^
