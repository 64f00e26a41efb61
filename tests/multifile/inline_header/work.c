/* work.c - movers and takers: blocks around the inline functions of pool.h */
#include "pool.h"

void mover(long id, long iters)
{
    for (long i = 0; i < iters; i++)
        slot_move(&slots[slot_index(id + i)], &slots[slot_index(id + 3 * i + 1)], 1 + i % 5);
}

void taker(long id, long iters)
{
    for (long i = 0; i < iters; i++) {
        atomic {
            long got = slot_take(&reserve, 1);      /* waits for the producer */
            slot_add(&slots[slot_index(id + i)], got);
        }
    }
}
