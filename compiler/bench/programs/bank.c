/* bank.c - random transfers between NACCOUNTS accounts (atomicc bench).
 *
 * Each operation draws two different accounts and an amount from the
 * thread's own PRNG, then moves the amount in one atomic block if the source
 * can pay.  The block touches acct[from] and acct[to] only, both known at
 * block entry (pervar keys &acct[from], &acct[to]).  Built with
 * -DNACCOUNTS=1024 (low contention, `bank-1024`) and -DNACCOUNTS=16 (high
 * contention, `bank-16`).  Invariant: the total is conserved and no balance
 * is negative.
 *
 *   bank [-t THREADS] [-n TOTAL_TRANSFERS] [-s SEED]
 */
#include "bench.h"

#ifndef NACCOUNTS
#define NACCOUNTS 1024
#endif
#if NACCOUNTS < 2
#error "NACCOUNTS must be at least 2"
#endif
#define INITIAL    1000
#define MAX_AMOUNT 400

/* One account per cache line, as a bank's account records would be: packed
 * longs put eight accounts in a line, and every transfer then contends with
 * transfers between seven other accounts (false sharing), which measures
 * the line size rather than the strategy. */
static struct account {
    long balance;
} __attribute__((aligned(64))) acct[NACCOUNTS];

static void *teller(void *arg)
{
    bench_thread_t *t = arg;
    uint64_t rng = t->rng;
    long ops = t->ops, moved = 0;
    bench_wait_start();
    for (long i = 0; i < ops; i++) {
        uint64_t r = bench_rand(&rng);
        unsigned from = (unsigned)(r % NACCOUNTS);
        unsigned to = (unsigned)((r >> 16) % (NACCOUNTS - 1));
        long amount = 1 + (long)((r >> 32) % MAX_AMOUNT);
        if (to >= from)
            to++;
        atomic {
            if (acct[from].balance >= amount) {
                acct[from].balance -= amount;
                acct[to].balance += amount;
                moved++;
            }
        }
    }
    t->r0 = moved;
    return NULL;
}

int main(int argc, char **argv)
{
    bench_opts_t o = bench_args(argc, argv, 200000);
    static bench_thread_t th[BENCH_MAX_THREADS];
    for (int i = 0; i < NACCOUNTS; i++)
        acct[i].balance = INITIAL;
    double secs = bench_run(&o, teller, th);
    long total = 0, moved = 0;
    for (int i = 0; i < NACCOUNTS; i++) {
        if (acct[i].balance < 0) {
            printf("FAIL: account %d overdrawn (%ld)\n", i, acct[i].balance);
            return 1;
        }
        total += acct[i].balance;
    }
    for (int i = 0; i < o.threads; i++)
        moved += th[i].r0;
    if (total != (long)NACCOUNTS * INITIAL) {
        printf("FAIL: total %ld, expected %ld\n", total, (long)NACCOUNTS * INITIAL);
        return 1;
    }
    char extra[64];
    snprintf(extra, sizeof extra, "accounts=%d moved=%ld", NACCOUNTS, moved);
    bench_report(o.ops, secs, o.threads, extra);
    return 0;
}
