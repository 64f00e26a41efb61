/* level1.c - the top level: its block nests level2's */
#include "levels.h"

long l1;

void l1_take(long n)
{
    atomic {
        l1 += n;
        if (n > 1) {
            l1 -= n - 1;
            l2_take(n - 1);
        }
    }
}

void l1_drain(void)
{
    atomic {
        l1--;
        l2_drain();
    }
}
