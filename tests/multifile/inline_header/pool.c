/* pool.c - the pool's objects and the external definitions of its inline functions */
struct slot;
extern inline long slot_units(const struct slot *s);
extern inline void slot_add(struct slot *s, long d);
extern inline void slot_move(struct slot *from, struct slot *to, long d);
extern inline long slot_take(struct slot *s, long d);

#include "pool.h"

struct slot slots[NSLOT];
struct slot reserve;
long produced;

void pool_init(void)
{
    for (int i = 0; i < NSLOT; i++) {
        slots[i].units = INITIAL;
        slots[i].ops = 0;
    }
}

void producer(long iters)
{
    for (long i = 0; i < iters; i++) {
        atomic {
            slot_add(&reserve, 1);
            produced++;
        }
    }
}
