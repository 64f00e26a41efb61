/* hashmap.c - a hash map of NBUCKETS sorted chains (atomicc bench).
 *
 * Keys are 0..KEYS-1 and key k lives in bucket k % NBUCKETS, whose chain is
 * kept sorted; the map starts with the KEYS/2 even keys (8 per chain at the
 * defaults), each mapped to the value 3k.  Each operation draws a key and a
 * kind from the thread's own PRNG: 10% insert (key -> 3k), 10% remove, 80%
 * lookup (which checks the value it finds), i.e. 20% updates.  Every
 * operation is one atomic block that walks one chain, so blocks on
 * different buckets touch different nodes.  Nodes are allocated before the
 * block (a thread keeps one spare) and freed after it.  Invariant: every
 * chain is strictly sorted and holds only its own keys with their values,
 * lookups never saw a wrong value, and the size is KEYS/2 + inserts -
 * removes.
 *
 *   hashmap [-t THREADS] [-n TOTAL_OPS] [-s SEED]
 */
#include "bench.h"

#ifndef NBUCKETS
#define NBUCKETS 256
#endif
#ifndef KEYS
#define KEYS 4096
#endif
#define INITIAL (KEYS / 2)

typedef struct entry {
    long key;
    long value;
    struct entry *next;
} entry_t;

/* Each bucket's head pointer on its own cache line. */
static struct bucket {
    entry_t *first;
    char pad[64 - sizeof(entry_t *)];
} table[NBUCKETS] __attribute__((aligned(64)));

static void *worker(void *arg)
{
    bench_thread_t *t = arg;
    uint64_t rng = t->rng;
    long ops = t->ops, inserted = 0, removed = 0, found = 0, wrong = 0;
    entry_t *spare = NULL;
    bench_wait_start();
    for (long i = 0; i < ops; i++) {
        uint64_t r = bench_rand(&rng);
        long key = (long)(r % KEYS);
        unsigned kind = (unsigned)((r >> 32) % 100);
        struct bucket *b = &table[key % NBUCKETS];
        if (kind < 10) {                        /* insert */
            if (spare == NULL)
                spare = malloc(sizeof *spare);
            int done = 0;
            atomic {
                entry_t **link = &b->first, *p = b->first;
                while (p != NULL && p->key < key) {
                    link = &p->next;
                    p = p->next;
                }
                if (p == NULL || p->key != key) {
                    spare->key = key;
                    spare->value = 3 * key;
                    spare->next = p;
                    *link = spare;
                    done = 1;
                }
            }
            if (done) {
                spare = NULL;
                inserted++;
            }
        } else if (kind < 20) {                 /* remove */
            entry_t *victim = NULL;
            atomic {
                entry_t **link = &b->first, *p = b->first;
                while (p != NULL && p->key < key) {
                    link = &p->next;
                    p = p->next;
                }
                if (p != NULL && p->key == key) {
                    *link = p->next;
                    victim = p;
                }
            }
            if (victim != NULL) {
                free(victim);
                removed++;
            }
        } else {                                /* lookup */
            long value = -1;
            atomic {
                entry_t *p = b->first;
                while (p != NULL && p->key < key)
                    p = p->next;
                if (p != NULL && p->key == key)
                    value = p->value;
            }
            if (value >= 0) {
                found++;
                if (value != 3 * key)
                    wrong++;
            }
        }
    }
    free(spare);
    t->r0 = inserted;
    t->r1 = removed;
    t->r2 = found;
    t->r3 = wrong;
    return NULL;
}

int main(int argc, char **argv)
{
    bench_opts_t o = bench_args(argc, argv, 100000);
    static bench_thread_t th[BENCH_MAX_THREADS];
    /* chains in key order: append every even key to its bucket's tail */
    static entry_t **tail[NBUCKETS];
    for (int i = 0; i < NBUCKETS; i++)
        tail[i] = &table[i].first;
    for (long k = 0; k < KEYS; k += 2) {
        entry_t *x = malloc(sizeof *x);
        x->key = k;
        x->value = 3 * k;
        x->next = NULL;
        *tail[k % NBUCKETS] = x;
        tail[k % NBUCKETS] = &x->next;
    }
    double secs = bench_run(&o, worker, th);
    long ins = 0, rem = 0, hits = 0, wrong = 0, size = 0;
    for (int i = 0; i < o.threads; i++) {
        ins += th[i].r0;
        rem += th[i].r1;
        hits += th[i].r2;
        wrong += th[i].r3;
    }
    if (wrong != 0) {
        printf("FAIL: %ld lookups saw a wrong value\n", wrong);
        return 1;
    }
    for (int i = 0; i < NBUCKETS; i++) {
        long last = -1;
        for (entry_t *p = table[i].first; p != NULL; p = p->next, size++) {
            if (p->key <= last || p->key >= KEYS || p->key % NBUCKETS != i || p->value != 3 * p->key) {
                printf("FAIL: bucket %d broken at key %ld (after %ld)\n", i, p->key, last);
                return 1;
            }
            last = p->key;
        }
    }
    if (size != INITIAL + ins - rem) {
        printf("FAIL: map has %ld keys, expected %ld\n", size, INITIAL + ins - rem);
        return 1;
    }
    char extra[128];
    snprintf(extra, sizeof extra, "buckets=%d size=%ld inserts=%ld removes=%ld hits=%ld", NBUCKETS, size, ins,
             rem, hits);
    bench_report(o.ops, secs, o.threads, extra);
    return 0;
}
