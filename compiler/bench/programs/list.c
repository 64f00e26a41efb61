/* list.c - a sorted linked-list set, the pointer-chasing case (atomicc bench).
 *
 * Keys are 0..KEYS-1; the set starts with the KEYS/2 even keys.  Each
 * operation draws a key and a kind from the thread's own PRNG: 10% insert,
 * 10% remove, 80% lookup.  Every operation is one atomic block that walks
 * the list from the sentinel head, so the locations a block touches are not
 * known at its entry.  Nodes are allocated before the block (a thread keeps
 * one spare) and freed after it.  Invariant: the list is strictly sorted, in
 * range, and its length is KEYS/2 + inserts - removes.
 *
 *   list [-t THREADS] [-n TOTAL_OPS] [-s SEED]
 */
#include "bench.h"

#ifndef KEYS
#define KEYS 1024
#endif
#define INITIAL (KEYS / 2)

typedef struct node {
    long key;
    struct node *next;
} node_t;

static node_t head = { -1, NULL };   /* sentinel: smaller than every key */

static void *worker(void *arg)
{
    bench_thread_t *t = arg;
    uint64_t rng = t->rng;
    long ops = t->ops, inserted = 0, removed = 0, found = 0;
    node_t *spare = NULL;
    bench_wait_start();
    for (long i = 0; i < ops; i++) {
        uint64_t r = bench_rand(&rng);
        long key = (long)(r % KEYS);
        unsigned kind = (unsigned)((r >> 32) % 100);
        if (kind < 10) {                        /* insert */
            if (spare == NULL)
                spare = malloc(sizeof *spare);
            int done = 0;
            atomic {
                node_t *prev = &head, *p = head.next;
                while (p != NULL && p->key < key) {
                    prev = p;
                    p = p->next;
                }
                if (p == NULL || p->key != key) {
                    spare->key = key;
                    spare->next = p;
                    prev->next = spare;
                    done = 1;
                }
            }
            if (done) {
                spare = NULL;
                inserted++;
            }
        } else if (kind < 20) {                 /* remove */
            node_t *victim = NULL;
            atomic {
                node_t *prev = &head, *p = head.next;
                while (p != NULL && p->key < key) {
                    prev = p;
                    p = p->next;
                }
                if (p != NULL && p->key == key) {
                    prev->next = p->next;
                    victim = p;
                }
            }
            if (victim != NULL) {
                free(victim);
                removed++;
            }
        } else {                                /* lookup */
            int hit = 0;
            atomic {
                node_t *p = head.next;
                while (p != NULL && p->key < key)
                    p = p->next;
                hit = p != NULL && p->key == key;
            }
            found += hit;
        }
    }
    free(spare);
    t->r0 = inserted;
    t->r1 = removed;
    t->r2 = found;
    return NULL;
}

int main(int argc, char **argv)
{
    bench_opts_t o = bench_args(argc, argv, 20000);
    static bench_thread_t th[BENCH_MAX_THREADS];
    node_t **tail = &head.next;
    for (long k = 0; k < KEYS; k += 2) {
        node_t *x = malloc(sizeof *x);
        x->key = k;
        x->next = NULL;
        *tail = x;
        tail = &x->next;
    }
    double secs = bench_run(&o, worker, th);
    long ins = 0, rem = 0, hits = 0, len = 0, last = -1;
    for (int i = 0; i < o.threads; i++) {
        ins += th[i].r0;
        rem += th[i].r1;
        hits += th[i].r2;
    }
    for (node_t *p = head.next; p != NULL; p = p->next, len++) {
        if (p->key <= last || p->key >= KEYS) {
            printf("FAIL: list out of order at key %ld (after %ld)\n", p->key, last);
            return 1;
        }
        last = p->key;
    }
    if (len != INITIAL + ins - rem) {
        printf("FAIL: list has %ld keys, expected %ld\n", len, INITIAL + ins - rem);
        return 1;
    }
    char extra[96];
    snprintf(extra, sizeof extra, "size=%ld inserts=%ld removes=%ld hits=%ld", len, ins, rem, hits);
    bench_report(o.ops, secs, o.threads, extra);
    return 0;
}
