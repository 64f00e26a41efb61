/* list_tm.c - GCC transactional-memory baseline of list.c (same work):
 * each operation is one `__transaction_atomic { }` block that walks the list from
 * the head, built with `gcc -fgnu-tm -O2 ... -litm` (libitm; see
 * bank_tm.c for the method libitm picks).  As in every variant, nodes are
 * allocated before the block (one spare per thread) and freed after it:
 * libitm's methods are privatization-safe (a committed writer waits until no
 * transaction can still see the unlinked node), so the free is safe.
 * Invariant and output as in list.c.
 *
 * Usage: list_tm [operations-per-thread [threads]]
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
            __transaction_atomic {
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
            __transaction_atomic {
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
            __transaction_atomic {
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
