/*
 * atomic_op_shapes.c - blocks that look like a single update but are not
 * all safe as one hardware instruction.
 *
 * x = x + 1 (a read and a write), x += x (the operand reads shared x),
 * an update through a shared pointer (`*p += 1` reads p), an element
 * whose index has a side effect (evaluated once), an update whose result
 * is used (`v = ++x`), -=, ^=, &= and a volatile counter.  Whatever
 * strategy is chosen, no update may be lost and side effects happen once.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 39:9: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: plain: 40000
// EXPECT: through pointer: 40000
// EXPECT: indexed: 40000 steps 40000
// EXPECT: tickets: unique
// EXPECT: down: -40000 xor: 0 and: 0xf0
// EXPECT: volatile: 40000
// EXPECT: doubling: ok

#include <pthread.h>
#include <stdio.h>

#define NT 4
#define ROUNDS 10000

static long x, target, cells[8], down, dbl = 1;
static long *p = &target;
static unsigned long xr, an = 0xff;
static volatile long vol;
static unsigned char got[NT * ROUNDS + 1];
static long ticket;

static void *worker(void *arg)
{
    (void)arg;
    long dups = 0;
    for (int i = 0; i < ROUNDS; i++) {
        atomic { x = x + 1; }
        atomic { *p += 1; }
        int k = i;
        atomic { cells[k++ % 8] += 1; }
        if (k != i + 1)
            dups++;
        long v;
        atomic { v = ++ticket; }
        if (v < 1 || v > NT * ROUNDS || got[v]++)
            dups++;
        atomic { down -= 1; }
        atomic { xr ^= 0x5a5aUL; }
        atomic { an &= ~(1UL << (i % 4)); }
        atomic { vol++; }
        if (i < 8)
            atomic { dbl += dbl; }
    }
    if (dups)
        printf("FAIL: %ld duplicates\n", dups);
    return NULL;
}

int main(void)
{
    pthread_t t[NT];
    for (long i = 0; i < NT; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < NT; i++)
        pthread_join(t[i], NULL);
    long s = 0;
    for (int i = 0; i < 8; i++)
        s += cells[i];
    printf("plain: %ld\n", x);
    printf("through pointer: %ld\n", target);
    printf("indexed: %ld steps %ld\n", s, cells[0] * 8);
    int unique = ticket == NT * ROUNDS;
    for (long i = 1; i <= NT * ROUNDS; i++)
        if (got[i] != 1)
            unique = 0;
    printf("tickets: %s\n", unique ? "unique" : "DUPLICATED");
    printf("down: %ld xor: %lu and: %#lx\n", down, xr, an);
    printf("volatile: %ld\n", vol);
    printf("doubling: %s\n", dbl == 1L << 32 ? "ok" : "BAD");
    return 0;
}
