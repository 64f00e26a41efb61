/*
 * bank_accessor - a bank whose accounts are reached through another file.
 *
 * Transfers here use pointers returned by get_account() (accounts.c)
 * and by fee_slot() (fees.c), and also index the extern arrays directly
 * (`accounts[i]`, `fees[k]` declared as `extern long fees[]`).  Every
 * transfer moves money and charges a fee into a fee pot, so balances plus
 * fees stay 128000; the auditor in audit.c checks that in one block
 * while the transfers run.  Operation counts are exact.
 */
// EXPECT: total: 128000
// EXPECT: ops: 240000
// EXPECT: fees: 40000
// EXPECT: audits: ok
// LEGAL: global pervar stm

#include <pthread.h>
#include <stdio.h>
#include "accounts.h"

#define THREADS 4
#define ITERS   30000

static long bad_audits;
static pthread_barrier_t gate;

static void *worker(void *arg)
{
    long id = (long)arg;
    unsigned r = (unsigned)id * 2654435761u + 1;
    pthread_barrier_wait(&gate);
    for (int i = 0; i < ITERS; i++) {
        r = r * 1103515245u + 12345u;
        int from = (int)(r >> 8) % NACCT, to = (int)(r >> 18) % NACCT;
        if (i % 3 == 0) {
            atomic {
                struct acct *a = get_account(from), *b = get_account(to);
                long *fee = fee_slot(from + to);
                a->balance -= 5;
                b->balance += 4;
                *fee += 1;
                a->ops++;
                b->ops++;
            }
        } else {
            atomic {
                accounts[from].balance -= 3;
                accounts[to].balance += 3;
                accounts[from].ops++;
                accounts[to].ops++;
            }
        }
        if (i % 1000 == (int)id && audit() != NACCT * INITIAL)
            atomic { bad_audits++; }
    }
    return NULL;
}

int main(void)
{
    accounts_init();
    pthread_t t[THREADS];
    pthread_barrier_init(&gate, NULL, THREADS);
    for (long i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&gate);
    long ops = 0, f = 0;
    for (int i = 0; i < NACCT; i++)
        ops += get_account(i)->ops;
    for (int i = 0; i < 8; i++)
        f += fees[i];
    printf("total: %ld\n", audit());
    printf("ops: %ld\n", ops);
    printf("fees: %ld\n", f);
    printf("audits: %s\n", bad_audits ? "BROKEN" : "ok");
    return 0;
}
