/*
 * dl_ordered_transfer.c -- near miss of deadlock/transfer_both_ways.c;
 * pattern: "lock ordering by a fixed key".
 *
 * transfer(from, to) always locks the account with the smaller `id` first,
 * whatever the direction of the transfer, so every thread takes
 * alice.lock before bob.lock: no cycle.  (The two accounts are distinct,
 * so the same mutex is never locked twice.)
 * No finding.
// NEAR-MISS: deadlock
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

struct account {
    pthread_mutex_t lock;
    int id;
    long balance;
};

static struct account alice = { PTHREAD_MUTEX_INITIALIZER, 1, 500 };
static struct account bob = { PTHREAD_MUTEX_INITIALIZER, 2, 500 };

static void transfer(struct account *from, struct account *to, long amount)
{
    struct account *first = from->id < to->id ? from : to;
    struct account *second = from->id < to->id ? to : from;
    pthread_mutex_lock(&first->lock);
    pthread_mutex_lock(&second->lock);
    from->balance -= amount;
    to->balance += amount;
    pthread_mutex_unlock(&second->lock);
    pthread_mutex_unlock(&first->lock);
}

static void *pay_bob(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++)
        transfer(&alice, &bob, 1);
    return NULL;
}

static void *pay_alice(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++)
        transfer(&bob, &alice, 1);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, pay_bob, NULL);
    pthread_create(&b, NULL, pay_alice, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%ld %ld\n", alice.balance, bob.balance);
    return 0;
}
