/*
 * struct_index.c - arrays of structs indexed by computed expressions.
 *
 * Buckets are addressed by hashes, by the result of a call, by an index
 * loaded from a shared permutation table, and by a ternary.  Each block
 * moves one unit between two computed buckets (and bumps per-bucket
 * counters), so the total is conserved; an auditor sums every bucket in
 * one block and must always see the full total.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 38:9: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: total: 6400
// EXPECT: moves: 40000
// EXPECT: audits: all 6400
// EXPECT: counters: consistent

#include <pthread.h>
#include <stdio.h>

#define NB       32
#define NTHREADS 4
#define ROUNDS   10000

struct bucket { long units; unsigned in, out; char pad[3]; };

static struct bucket b[NB];
static int perm[NB];                /* shared, written before the threads */
static long moves, bad_audits;

static unsigned hash(unsigned x) { x ^= x >> 7; x *= 2654435761u; return x ^ (x >> 13); }
static int slot(unsigned k) { return (int)(hash(k) % NB); }

static void *worker(void *arg)
{
    unsigned id = (unsigned)(long)arg;
    for (unsigned i = 0; i < ROUNDS; i++) {
        unsigned k = id * 1000003u + i;
        atomic {
            int from = perm[slot(k)];
            int to = (from + 1 + (int)(hash(k + 1) % (NB - 1))) % NB;
            struct bucket *src = &b[from];
            if (src->units > 0) {
                b[perm[from] == from ? from : from].units--;
                b[from].out++;
                b[(to * 3 + 1 - 1) / 3].units++;
                (b + to)->in++;
                moves++;
            } else {
                b[slot(k) ^ 0].units += 0;
                moves++;
            }
        }
        if (i % 512 == 0) {
            long s = 0;
            atomic {
                for (int j = NB - 1; j >= 0; j--)
                    s += b[NB - 1 - j].units;
            }
            if (s != 6400) {
                atomic { bad_audits++; }
            }
        }
    }
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    for (int i = 0; i < NB; i++) {
        b[i].units = 200;
        perm[i] = (i * 5 + 3) % NB;
    }
    for (long i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    long s = 0, in = 0, out = 0;
    for (int i = 0; i < NB; i++) {
        s += b[i].units;
        in += b[i].in;
        out += b[i].out;
    }
    printf("total: %ld\n", s);
    printf("moves: %ld\n", moves);
    if (bad_audits)
        printf("audits: %ld bad\n", bad_audits);
    else
        printf("audits: all %ld\n", s);
    printf("counters: %s\n", in == out && 200 * NB + in - out == s ? "consistent" : "BAD");
    return 0;
}
