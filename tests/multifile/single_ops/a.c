/* a.c - a file-private total updated with `+=` of a non-shared value */
#include "stats.h"

static long total;

void a_add(long v)
{
    atomic { total += v * 3 - 1; }
}

long a_total(void)
{
    long v;
    atomic { v = total; }
    return v;
}
