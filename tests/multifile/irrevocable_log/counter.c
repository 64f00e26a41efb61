/*
 * counter.c - the progress counter; its block calls milestone() (another
 * file), which does I/O, exactly when the count crosses a mark.
 */
#include "log.h"

long done;
static long pairs[16];

void tick(void)
{
    atomic {
        done++;
        if (done == 50000)
            milestone("half", done);
        else if (done == 100000)
            milestone("all", done);
    }
}

void pair_move(int from, int to)
{
    atomic {
        pairs[from % 16] -= 1;
        pairs[to % 16] += 1;
    }
}

long pairs_total(void)
{
    long s = 0;
    atomic {
        for (int i = 0; i < 16; i++)
            s += pairs[i];
    }
    return s;
}
