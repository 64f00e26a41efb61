/* bank_tm.c - GCC transactional-memory baseline of bank.c (same work):
 * the atomic block is a `__transaction_atomic { }` block, built with
 * `gcc -fgnu-tm -O2 ... -litm` and run by libitm, GCC's TM runtime.
 *
 * libitm picks its method at run time: with one thread that has run a
 * transaction it serialises (serialirr: a global lock, uninstrumented code);
 * with more it uses hardware TM (RTM, with the serial lock as fallback) when
 * the CPU offers it, else its software TM ml_wt (multiple locks,
 * write-through).  ITM_DEFAULT_METHOD=ml_wt (or gl_wt, htm, serial...)
 * forces one method at every thread count.  bench/native.py runs it both
 * ways.
 *
 * Usage: bank_tm [transfers-per-thread [threads]]
 */
#include "harness.h"

#define NACCOUNTS  1024
#define INITIAL    1000
#define MAX_AMOUNT 400

static long acct[NACCOUNTS];

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
        __transaction_atomic {
            if (acct[from] >= amount) {
                acct[from] -= amount;
                acct[to] += amount;
                moved++;
            }
        }
    }
    t->r0 = moved;
    return NULL;
}

int main(int argc, char **argv)
{
    long ops;
    int n;
    bench_args(argc, argv, &ops, &n);
    static bench_thread_t th[BENCH_MAX_THREADS];
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
