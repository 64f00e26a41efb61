/* state.c - `long flags`: bit k set while some thread owns key k */
#include "parts.h"

long flags;
long owner[NK];
static long broken;

void take_bit(int k, long id)
{
    atomic {
        if (flags & (1L << k))
            retry;
        flags |= 1L << k;
        owner[k] = id;
    }
}

void drop_bit(int k, long id)
{
    atomic {
        if (owner[k] != id || !(flags & (1L << k)))
            broken++;
        owner[k] = -1;
        flags &= ~(1L << k);
    }
}

long state_broken(void)
{
    long b;
    atomic { b = broken; }
    return b;
}
