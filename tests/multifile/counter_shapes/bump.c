/* bump.c - two more block shapes on the same extern counter */
#include "counter.h"

void bump_two(void)
{
    atomic { hits += 2; }
}

long read_hits(void)
{
    long v;
    atomic { v = hits; }
    return v;
}
