/*
 * bank1024.c - low-contention money transfers between 1,024 accounts (Atomic C).
 *
 * The benchmark shape of DESIGN.md section 7: N tellers each make a fixed
 * number of random transfers.  The teller draws source, destination and
 * amount from its own PRNG before the block; the block checks the source
 * balance (skipping the transfer if it is short) and moves the money.
 * It touches only accounts[from] and accounts[to], both known at block
 * entry, so per-account locks let tellers that pick different accounts
 * run in parallel.  Nothing audits inside the timed loop: after the
 * joins main checks the total and the per-account transfer counts.
 * Which transfers succeed depends on the interleaving; only invariants
 * and the number of attempts are printed.
 *
 * Usage: bank1024 [transfers-per-thread [threads]]   (default 50000 4)
 */
// LEGAL: global pervar stm
// EXPECT: accounts: 1024
// EXPECT: attempted: 200000
// EXPECT: total: 1024000 conserved
// EXPECT: ledger: consistent

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NACCOUNTS   1024
#define INITIAL     1000
#define MAX_AMOUNT  400
#define MAX_THREADS 64

typedef struct account {
    long balance;
    unsigned long in, out;      /* transfers received / sent */
} account_t;

typedef struct teller {
    long ops;
    uint64_t rng;               /* private xorshift64* state */
    unsigned long moved;        /* successful transfers */
} teller_t;

static account_t accounts[NACCOUNTS];

static uint64_t next_rand(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 2685821657736338717ULL;
}

static void *teller_main(void *arg)
{
    teller_t *t = arg;
    unsigned long moved = 0;
    for (long i = 0; i < t->ops; i++) {
        uint64_t r = next_rand(&t->rng);
        int from = (int)(r % NACCOUNTS);
        int to = (int)((r >> 10) % (NACCOUNTS - 1));
        long amount = 1 + (long)((r >> 20) % MAX_AMOUNT);
        if (to >= from)
            to++;                       /* never to itself */
        atomic {
            if (accounts[from].balance >= amount) {
                accounts[from].balance -= amount;
                accounts[from].out++;
                accounts[to].balance += amount;
                accounts[to].in++;
                moved++;
            }
        }
    }
    t->moved = moved;
    return NULL;
}

int main(int argc, char **argv)
{
    long ops = argc > 1 ? atol(argv[1]) : 50000;
    int nthreads = argc > 2 ? atoi(argv[2]) : 4;
    if (ops < 0 || nthreads < 1 || nthreads > MAX_THREADS) {
        printf("FAIL: usage: bank1024 [transfers-per-thread [threads (1-%d)]]\n", MAX_THREADS);
        return 1;
    }
    pthread_t tid[MAX_THREADS];
    teller_t tellers[MAX_THREADS];

    for (int i = 0; i < NACCOUNTS; i++)
        accounts[i] = (account_t){ .balance = INITIAL };
    for (int i = 0; i < nthreads; i++) {
        tellers[i] = (teller_t){ .ops = ops, .rng = 0x9E3779B97F4A7C15ULL * (uint64_t)(i + 1) };
        if (pthread_create(&tid[i], NULL, teller_main, &tellers[i]) != 0) {
            printf("FAIL: pthread_create\n");
            return 1;
        }
    }
    unsigned long moved = 0;
    for (int i = 0; i < nthreads; i++) {
        pthread_join(tid[i], NULL);
        moved += tellers[i].moved;
    }

    long total = 0;
    unsigned long in = 0, out = 0;
    for (int i = 0; i < NACCOUNTS; i++) {
        if (accounts[i].balance < 0) {
            printf("FAIL: account %d overdrawn (%ld)\n", i, accounts[i].balance);
            return 1;
        }
        total += accounts[i].balance;
        in += accounts[i].in;
        out += accounts[i].out;
    }
    printf("accounts: %d\n", NACCOUNTS);
    printf("attempted: %ld\n", ops * nthreads);
    if (total != (long)NACCOUNTS * INITIAL) {
        printf("FAIL: total %ld, expected %ld\n", total, (long)NACCOUNTS * INITIAL);
        return 1;
    }
    printf("total: %ld conserved\n", total);
    if (in != moved || out != moved) {
        printf("FAIL: ledger mismatch (moved %lu, in %lu, out %lu)\n", moved, in, out);
        return 1;
    }
    printf("ledger: consistent\n");
    return 0;
}
