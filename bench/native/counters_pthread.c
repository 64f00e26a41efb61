/* counters_pthread.c - hand-written baselines of counters.c (same work).
 * Build with exactly one of:
 *   -DLOCK_MUTEX   one global pthread mutex around each increment
 *   -DLOCK_SPIN    one global pthread spinlock around each increment
 *   -DLOCK_ATOMIC  __atomic_fetch_add (no lock)
 */
#include "harness.h"

#define NCOUNTERS 64

static struct counter {
    long v;
    char pad[64 - sizeof(long)];
} ctr[NCOUNTERS] __attribute__((aligned(64)));

#if defined(LOCK_MUTEX)
static pthread_mutex_t glock = PTHREAD_MUTEX_INITIALIZER;
#define LOCK_INIT() ((void)0)
#define INCREMENT(k) (pthread_mutex_lock(&glock), ctr[k].v += 1, pthread_mutex_unlock(&glock))
#elif defined(LOCK_SPIN)
static pthread_spinlock_t glock;
#define LOCK_INIT() pthread_spin_init(&glock, PTHREAD_PROCESS_PRIVATE)
#define INCREMENT(k) (pthread_spin_lock(&glock), ctr[k].v += 1, pthread_spin_unlock(&glock))
#elif defined(LOCK_ATOMIC)
#define LOCK_INIT() ((void)0)
#define INCREMENT(k) ((void)__atomic_fetch_add(&ctr[k].v, 1, __ATOMIC_SEQ_CST))
#else
#error "define one of LOCK_MUTEX LOCK_SPIN LOCK_ATOMIC"
#endif

static void *worker(void *arg)
{
    bench_thread_t *t = arg;
    uint64_t rng = t->rng;
    long ops = t->ops;
    bench_wait_start();
    for (long i = 0; i < ops; i++) {
        unsigned k = (unsigned)(bench_rand(&rng) >> 58);   /* 0..63 */
        INCREMENT(k);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    long ops;
    int n;
    bench_args(argc, argv, &ops, &n);
    static bench_thread_t th[BENCH_MAX_THREADS];
    LOCK_INIT();
    double secs = bench_run(n, ops, worker, th);
    long sum = 0;
    for (int i = 0; i < NCOUNTERS; i++)
        sum += ctr[i].v;
    if (sum != ops * n) {
        printf("FAIL: counters sum to %ld, expected %ld\n", sum, ops * n);
        return 1;
    }
    bench_report(ops * n, secs, n, "");
    return 0;
}
