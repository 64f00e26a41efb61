/* a.c - part A: a file-private count and a file-private bump() */
#include "parts.h"

static long count = 300000;
static long calls;

static void bump(long n)
{
    count -= n;
    calls++;
}

void a_take(long n)
{
    atomic { bump(n); }
}

long a_count(void)
{
    long v;
    atomic { v = count; }
    return v;
}

long a_calls(void)
{
    long v;
    atomic { v = calls; }
    return v;
}
