/* level2.c - the middle level: its block nests level3's */
#include "levels.h"

long l2;

void l2_take(long n)
{
    atomic {
        l2 += n;
        if (n > 1) {
            l2 -= n - 1;
            l3_take(n - 1);
        }
    }
}

void l2_drain(void)
{
    atomic {
        l2--;
        l3_drain();
    }
}
