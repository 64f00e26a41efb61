/* pack.c - the packed counters and their bit-field arithmetic */
#include "pack.h"

struct pk packs[4];

void pk_step(struct pk *p, int v)
{
    if (p->lo == 15) {
        p->lo = 0;
        p->hi = (p->hi + 1) & 15;
    } else {
        p->lo++;
    }
    p->count = (p->count + 1) & 0xfffff;
    p->sum += v;
}

void pk_step_own(int i, int v)
{
    atomic { pk_step(&packs[i], v); }
}

int pk_consistent(const struct pk *p)
{
    return p->lo + 16u * p->hi == p->count % 256u;
}
