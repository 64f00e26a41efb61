/* list.c - Atomic C: a sorted linked-list set (the pointer-chasing case).
 *
 * Keys are 0..1023; the set starts with the 512 even keys.  Each operation
 * draws a key and a kind from the thread's own PRNG: 10% insert, 10% remove,
 * 80% lookup.  Every operation is one atomic block that walks the list from
 * the head, so the locations a block touches are not known at its entry.
 * Nodes are allocated before the block (a thread keeps one spare) and freed
 * after it, the same in every variant.  Invariant: the list is strictly
 * sorted, in range, and its length is 512 + inserts - removes.  Baselines:
 * list_pthread.c.
 *
 * Usage: list [operations-per-thread [threads]]
 */
#include "list_common.h"

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
        unsigned kind = (unsigned)((r >> 20) % 100);
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
    long ops;
    int n;
    bench_args(argc, argv, &ops, &n);
    static bench_thread_t th[BENCH_MAX_THREADS];
    list_fill();
    double secs = bench_run(n, ops, worker, th);
    return list_finish(th, n, ops, secs);
}
