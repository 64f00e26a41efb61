/* b.c - a different file-private `total`, updated with `++` */
#include "stats.h"

static long total;

void b_add(void)
{
    atomic { total++; }
}

long b_total(void)
{
    long v;
    atomic { v = total; }
    return v;
}
