/* list_pthread.c - hand-written baselines of list.c (same work).
 * Build with exactly one of:
 *   -DLOCK_MUTEX   one global pthread mutex around each operation
 *   -DLOCK_SPIN    one global pthread spinlock around each operation
 *   -DLOCK_RWLOCK  one global pthread rwlock: lookups shared, updates exclusive
 *                  (extra reference point: what pervar's S/X class lock does)
 */
#include "list_common.h"

#if defined(LOCK_MUTEX)
static pthread_mutex_t glock = PTHREAD_MUTEX_INITIALIZER;
#define LOCK_INIT() ((void)0)
#define WLOCK() pthread_mutex_lock(&glock)
#define RLOCK() pthread_mutex_lock(&glock)
#define UNLOCK() pthread_mutex_unlock(&glock)
#elif defined(LOCK_SPIN)
static pthread_spinlock_t glock;
#define LOCK_INIT() pthread_spin_init(&glock, PTHREAD_PROCESS_PRIVATE)
#define WLOCK() pthread_spin_lock(&glock)
#define RLOCK() pthread_spin_lock(&glock)
#define UNLOCK() pthread_spin_unlock(&glock)
#elif defined(LOCK_RWLOCK)
static pthread_rwlock_t glock = PTHREAD_RWLOCK_INITIALIZER;
#define LOCK_INIT() ((void)0)
#define WLOCK() pthread_rwlock_wrlock(&glock)
#define RLOCK() pthread_rwlock_rdlock(&glock)
#define UNLOCK() pthread_rwlock_unlock(&glock)
#else
#error "define one of LOCK_MUTEX LOCK_SPIN LOCK_RWLOCK"
#endif

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
            WLOCK();
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
            UNLOCK();
            if (done) {
                spare = NULL;
                inserted++;
            }
        } else if (kind < 20) {                 /* remove */
            node_t *victim = NULL;
            WLOCK();
            node_t *prev = &head, *p = head.next;
            while (p != NULL && p->key < key) {
                prev = p;
                p = p->next;
            }
            if (p != NULL && p->key == key) {
                prev->next = p->next;
                victim = p;
            }
            UNLOCK();
            if (victim != NULL) {
                free(victim);
                removed++;
            }
        } else {                                /* lookup */
            int hit = 0;
            RLOCK();
            node_t *p = head.next;
            while (p != NULL && p->key < key)
                p = p->next;
            hit = p != NULL && p->key == key;
            UNLOCK();
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
    LOCK_INIT();
    list_fill();
    double secs = bench_run(n, ops, worker, th);
    return list_finish(th, n, ops, secs);
}
