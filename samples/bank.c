/*
 * bank.c - concurrent money transfers between accounts (Atomic C).
 *
 * NTHREADS tellers each perform a fixed number of random transfers
 * between NACCOUNTS accounts.  Every transfer is one atomic block that
 * checks the source balance and moves the money, so the bank's total
 * is conserved.  Every AUDIT_EVERY transfers a teller audits the whole
 * bank inside an atomic block: it must never see a half-done transfer.
 * Each teller draws from its own deterministic PRNG; which transfers
 * succeed depends on the interleaving, so only invariants are printed.
 *
 * Usage: bank [transfers-per-thread]   (default 20000)
 */
// LEGAL: global pervar stm
// EXPECT: accounts: 64
// EXPECT: tellers: 4
// EXPECT: total before: 640000
// EXPECT: total after: 640000
// EXPECT: audits: all balanced
// EXPECT: ledger: consistent

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NACCOUNTS       64
#define NTHREADS        4
#define INITIAL_BALANCE 10000
#define MAX_AMOUNT      700
#define AUDIT_EVERY     256
#define DEFAULT_OPS     20000

typedef struct account {
    long balance;
    unsigned long deposits;     /* number of incoming transfers */
    unsigned long withdrawals;  /* number of outgoing transfers */
} account_t;

typedef struct teller {
    long ops;
    uint64_t rng;               /* xorshift64* state, private */
    unsigned long done;         /* successful transfers */
    unsigned long bad_audits;
} teller_t;

static account_t bank[NACCOUNTS];

static uint64_t next_rand(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 2685821657736338717ULL;
}

/* Called inside an atomic block. */
static long bank_total(void)
{
    long sum = 0;
    for (int i = 0; i < NACCOUNTS; i++)
        sum += bank[i].balance;
    return sum;
}

/* Called inside an atomic block: returns 1 if the money moved. */
static int withdraw_deposit(account_t *from, account_t *to, long amount)
{
    if (from->balance < amount)
        return 0;
    from->balance -= amount;
    from->withdrawals++;
    to->balance += amount;
    to->deposits++;
    return 1;
}

static void *teller_main(void *arg)
{
    teller_t *t = arg;
    for (long i = 0; i < t->ops; i++) {
        int from = (int)(next_rand(&t->rng) % NACCOUNTS);
        int to = (int)(next_rand(&t->rng) % (NACCOUNTS - 1));
        long amount = 1 + (long)(next_rand(&t->rng) % MAX_AMOUNT);
        if (to >= from)
            to++;                       /* never transfer to itself */
        int moved;
        atomic {
            moved = withdraw_deposit(&bank[from], &bank[to], amount);
        }
        t->done += (unsigned long)moved;

        if (i % AUDIT_EVERY == AUDIT_EVERY - 1) {
            long seen;
            atomic { seen = bank_total(); }
            if (seen != (long)NACCOUNTS * INITIAL_BALANCE)
                t->bad_audits++;
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    long ops = argc > 1 ? atol(argv[1]) : DEFAULT_OPS;
    pthread_t tid[NTHREADS];
    teller_t tellers[NTHREADS];

    for (int i = 0; i < NACCOUNTS; i++)
        bank[i] = (account_t){ .balance = INITIAL_BALANCE };
    long before = bank_total();

    for (int i = 0; i < NTHREADS; i++) {
        tellers[i] = (teller_t){ .ops = ops,
                                 .rng = 0x9E3779B97F4A7C15ULL * (uint64_t)(i + 1) };
        if (pthread_create(&tid[i], NULL, teller_main, &tellers[i]) != 0) {
            printf("FAIL: pthread_create\n");
            return 1;
        }
    }
    unsigned long done = 0, bad_audits = 0;
    for (int i = 0; i < NTHREADS; i++) {
        pthread_join(tid[i], NULL);
        done += tellers[i].done;
        bad_audits += tellers[i].bad_audits;
    }

    unsigned long in = 0, out = 0;
    for (int i = 0; i < NACCOUNTS; i++) {
        in += bank[i].deposits;
        out += bank[i].withdrawals;
        if (bank[i].balance < 0) {
            printf("FAIL: account %d overdrawn (%ld)\n", i, bank[i].balance);
            return 1;
        }
    }
    long after = bank_total();

    printf("accounts: %d\n", NACCOUNTS);
    printf("tellers: %d\n", NTHREADS);
    printf("total before: %ld\n", before);
    printf("total after: %ld\n", after);
    if (after != before) {
        printf("FAIL: money created or destroyed (%ld)\n", after - before);
        return 1;
    }
    if (bad_audits != 0) {
        printf("FAIL: %lu audits saw an unbalanced bank\n", bad_audits);
        return 1;
    }
    printf("audits: all balanced\n");
    if (in != done || out != done) {
        printf("FAIL: ledger mismatch (done %lu, in %lu, out %lu)\n", done, in, out);
        return 1;
    }
    printf("ledger: consistent\n");
    return 0;
}
