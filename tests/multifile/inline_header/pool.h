/* pool.h - slots of units, and the inline functions that move them */
#ifndef POOL_H
#define POOL_H

#define NSLOT   16
#define INITIAL 100             /* units per slot at the start */

struct slot {
    long units;
    long ops;
};

extern struct slot slots[NSLOT];
extern struct slot reserve;     /* filled by the producer, drained by the takers */
extern long produced;

/* C99 inline definitions: each unit that includes this header has its own
 * copy of these bodies, and pool.c, which declares them `extern inline`,
 * has their one external definition (C11 6.7.4p7). */
inline long slot_units(const struct slot *s)
{
    return s->units;
}

inline void slot_add(struct slot *s, long d)
{
    s->units += d;
    s->ops++;
}

/* a block inside an inline function, calling inline functions */
inline void slot_move(struct slot *from, struct slot *to, long d)
{
    atomic {
        if (slot_units(from) >= d) {
            slot_add(from, -d);
            slot_add(to, d);
        }
    }
}

/* no block of its own: only ever called inside blocks, it waits there
 * (retry) until the slot has d units */
inline long slot_take(struct slot *s, long d)
{
    if (slot_units(s) < d)
        retry;
    slot_add(s, -d);
    return d;
}

/* static inline: a private copy in every unit */
static inline int slot_index(long i)
{
    return (int)(i % NSLOT);
}

static inline long slot_sum(void)
{
    long t = 0;
    for (int i = 0; i < NSLOT; i++)
        t += slots[i].units;
    return t;
}

void pool_init(void);
void mover(long id, long iters);
void taker(long id, long iters);
void producer(long iters);

#endif
