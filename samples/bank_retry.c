/*
 * bank_retry.c - transfers that wait for money (Atomic C, `retry`).
 *
 * Payers move money from accounts that start empty-ish; when the source
 * balance is too low, the transfer `retry`s: the block's effects are undone
 * and the thread sleeps until another transfer commits, then tries again.
 * A depositor thread keeps adding money until every payer is done, so
 * every transfer completes eventually.  No balance ever goes negative and the total is the initial
 * total plus the deposits.
 *
 * Usage: bank_retry [transfers-per-payer]   (default 5000)
 */
// LEGAL: global pervar stm
// EXPECT: payers: 3
// EXPECT: negative balances seen: 0
// EXPECT: total: conserved
// EXPECT: all transfers done: yes

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NACCOUNTS 16
#define NPAYERS 3
#define AMOUNT 5

typedef struct {
    long balance;
    unsigned long moves;
} account_t;

static account_t accounts[NACCOUNTS];
static long deposited;
static long negative_seen;
static int payers_done;
static unsigned long per_payer = 5000;

static void transfer(int from, int to, long amount)
{
    atomic {
        if (accounts[from].balance < amount)
            retry;                      /* wait for a deposit or another transfer */
        accounts[from].balance -= amount;
        accounts[to].balance += amount;
        accounts[from].moves++;
        if (accounts[from].balance < 0)
            negative_seen++;
    }
}

static void *payer(void *arg)
{
    int id = *(int *)arg;
    unsigned s = 12345u + 977u * (unsigned)id;
    for (unsigned long i = 0; i < per_payer; i++) {
        s = s * 1103515245u + 12345u;
        int from = (int)((s >> 8) % NACCOUNTS);
        int to = (from + 1 + (int)((s >> 16) % (NACCOUNTS - 1))) % NACCOUNTS;
        transfer(from, to, AMOUNT);
    }
    atomic { payers_done++; }
    return NULL;
}

static void *depositor(void *arg)
{
    (void)arg;
    for (unsigned long i = 0;; i++) {
        int k = (int)(i % NACCOUNTS), done;
        atomic {
            done = payers_done == NPAYERS;
            if (!done) {
                accounts[k].balance += AMOUNT;
                deposited += AMOUNT;
            }
        }
        if (done)
            return NULL;
    }
}

int main(int argc, char **argv)
{
    pthread_t p[NPAYERS], d;
    int ids[NPAYERS];
    if (argc > 1)
        per_payer = strtoul(argv[1], NULL, 10);
    for (int i = 0; i < NACCOUNTS; i++)
        accounts[i].balance = 20;
    long initial = 20L * NACCOUNTS;
    for (int i = 0; i < NPAYERS; i++) {
        ids[i] = i;
        pthread_create(&p[i], NULL, payer, &ids[i]);
    }
    pthread_create(&d, NULL, depositor, NULL);
    for (int i = 0; i < NPAYERS; i++)
        pthread_join(p[i], NULL);
    pthread_join(d, NULL);
    long total = 0;
    unsigned long moves = 0;
    for (int i = 0; i < NACCOUNTS; i++) {
        total += accounts[i].balance;
        moves += accounts[i].moves;
    }
    printf("payers: %d\n", NPAYERS);
    printf("negative balances seen: %ld\n", negative_seen);
    printf("total: %s\n", total == initial + deposited ? "conserved" : "BROKEN");
    printf("all transfers done: %s\n", moves == per_payer * NPAYERS ? "yes" : "no");
    return total == initial + deposited && negative_seen == 0 ? 0 : 1;
}
