/* level3.c - the deepest level */
#include "levels.h"

long l3;

void l3_take(long n)
{
    atomic { l3 += n; }
}

void l3_drain(void)
{
    atomic {
        if (l3 == l2 + 1)    /* the callers have already taken theirs */
            l3--;
        else
            l3 = -1000000;   /* poison: a caller's half-done update was visible */
    }
}
