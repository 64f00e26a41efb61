/* b.c - part B: the same names as a.c, different objects and behaviour */
#include "parts.h"

static long count;
static long calls;

static void bump(long n)
{
    count += n;
    calls += 2;
}

void b_put(long n)
{
    atomic { bump(n); }
}

long b_count(void)
{
    long v;
    atomic { v = count; }
    return v;
}

long b_calls(void)
{
    long v;
    atomic { v = calls; }
    return v;
}
