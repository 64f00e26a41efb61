/* pack.h - packed counters: bit-fields updated inside atomic blocks */
#ifndef PACK_H
#define PACK_H

struct pk {
    unsigned lo : 4, hi : 4;     /* lo + 16 * hi == count % 256 */
    unsigned count : 20;
    long sum;
};

extern struct pk packs[4];
void pk_step(struct pk *p, int v);   /* no block: callers hold one */
void pk_step_own(int i, int v);      /* the same in its own block */
int pk_consistent(const struct pk *p);

#endif
