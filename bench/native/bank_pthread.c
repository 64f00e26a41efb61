/* bank_pthread.c - hand-written pthread baselines of bank.c (same work).
 * Build with exactly one of:
 *   -DLOCK_MUTEX       one global pthread mutex
 *   -DLOCK_SPIN        one global pthread spinlock
 *   -DLOCK_ACCT_MUTEX  a pthread mutex per account, taken in index order
 *   -DLOCK_ACCT_SPIN   a pthread spinlock per account, taken in index order
 *   -DLOCK_NONE        no synchronisation (1 thread only: the cost of the work)
 */
#include "harness.h"

#define NACCOUNTS  1024
#define INITIAL    1000
#define MAX_AMOUNT 400

static long acct[NACCOUNTS];

#if defined(LOCK_MUTEX)
static pthread_mutex_t glock = PTHREAD_MUTEX_INITIALIZER;
#define LOCK_INIT() ((void)0)
#define LOCK(a, b) pthread_mutex_lock(&glock)
#define UNLOCK(a, b) pthread_mutex_unlock(&glock)
#elif defined(LOCK_SPIN)
static pthread_spinlock_t glock;
#define LOCK_INIT() pthread_spin_init(&glock, PTHREAD_PROCESS_PRIVATE)
#define LOCK(a, b) pthread_spin_lock(&glock)
#define UNLOCK(a, b) pthread_spin_unlock(&glock)
#elif defined(LOCK_ACCT_MUTEX)
static pthread_mutex_t alock[NACCOUNTS];
#define LOCK_INIT()                                \
    do {                                           \
        for (int k = 0; k < NACCOUNTS; k++)        \
            pthread_mutex_init(&alock[k], NULL);   \
    } while (0)
#define LOCK(a, b) (pthread_mutex_lock(&alock[(a) < (b) ? (a) : (b)]), \
                    pthread_mutex_lock(&alock[(a) < (b) ? (b) : (a)]))
#define UNLOCK(a, b) (pthread_mutex_unlock(&alock[a]), pthread_mutex_unlock(&alock[b]))
#elif defined(LOCK_ACCT_SPIN)
static pthread_spinlock_t alock[NACCOUNTS];
#define LOCK_INIT()                                                   \
    do {                                                              \
        for (int k = 0; k < NACCOUNTS; k++)                           \
            pthread_spin_init(&alock[k], PTHREAD_PROCESS_PRIVATE);    \
    } while (0)
#define LOCK(a, b) (pthread_spin_lock(&alock[(a) < (b) ? (a) : (b)]), \
                    pthread_spin_lock(&alock[(a) < (b) ? (b) : (a)]))
#define UNLOCK(a, b) (pthread_spin_unlock(&alock[a]), pthread_spin_unlock(&alock[b]))
#elif defined(LOCK_NONE)
#define LOCK_INIT() ((void)0)
#define LOCK(a, b) ((void)0)
#define UNLOCK(a, b) ((void)0)
#else
#error "define one of LOCK_MUTEX LOCK_SPIN LOCK_ACCT_MUTEX LOCK_ACCT_SPIN LOCK_NONE"
#endif

static void *teller(void *arg)
{
    bench_thread_t *t = arg;
    uint64_t rng = t->rng;
    long ops = t->ops, moved = 0;
    bench_wait_start();
    for (long i = 0; i < ops; i++) {
        uint64_t r = bench_rand(&rng);
        unsigned from = (unsigned)(r % NACCOUNTS);
        unsigned to = (unsigned)((r >> 10) % (NACCOUNTS - 1));
        long amount = 1 + (long)((r >> 20) % MAX_AMOUNT);
        if (to >= from)
            to++;
        LOCK(from, to);
        if (acct[from] >= amount) {
            acct[from] -= amount;
            acct[to] += amount;
            moved++;
        }
        UNLOCK(from, to);
    }
    t->r0 = moved;
    return NULL;
}

int main(int argc, char **argv)
{
    long ops;
    int n;
    bench_args(argc, argv, &ops, &n);
#if defined(LOCK_NONE)
    if (n != 1) {
        printf("FAIL: the unsynchronised variant runs with 1 thread only\n");
        return 2;
    }
#endif
    static bench_thread_t th[BENCH_MAX_THREADS];
    LOCK_INIT();
    for (int i = 0; i < NACCOUNTS; i++)
        acct[i] = INITIAL;
    double secs = bench_run(n, ops, teller, th);
    long total = 0, moved = 0;
    for (int i = 0; i < NACCOUNTS; i++) {
        if (acct[i] < 0) {
            printf("FAIL: account %d overdrawn (%ld)\n", i, acct[i]);
            return 1;
        }
        total += acct[i];
    }
    for (int i = 0; i < n; i++)
        moved += th[i].r0;
    if (total != (long)NACCOUNTS * INITIAL) {
        printf("FAIL: total %ld, expected %ld\n", total, (long)NACCOUNTS * INITIAL);
        return 1;
    }
    char extra[64];
    snprintf(extra, sizeof extra, "moved=%ld", moved);
    bench_report(ops * n, secs, n, extra);
    return 0;
}
