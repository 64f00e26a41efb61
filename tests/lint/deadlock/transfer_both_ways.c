/*
 * transfer_both_ways.c -- pattern: "lock order decided by the arguments"
 * (the classic bank transfer).
 *
 * transfer(from, to) locks `from->lock` then `to->lock`.  One thread moves
 * money from `alice` to `bob`, the other from `bob` to `alice`, so the
 * edges alice.lock -> bob.lock and bob.lock -> alice.lock both exist:
 * deadlock#1.  The inner acquisition is the second lock call in transfer()
 * (one line forms both edges); the call lines are also tagged because they
 * determine which edge is formed.
 */
#include <pthread.h>
#include <stdio.h>

struct account {
    pthread_mutex_t lock;
    long balance;
};

static struct account alice = { PTHREAD_MUTEX_INITIALIZER, 500 };
static struct account bob = { PTHREAD_MUTEX_INITIALIZER, 500 };

static void transfer(struct account *from, struct account *to, long amount)
{
    pthread_mutex_lock(&from->lock);
    pthread_mutex_lock(&to->lock); // LINT: deadlock#1
    from->balance -= amount;
    to->balance += amount;
    pthread_mutex_unlock(&to->lock);
    pthread_mutex_unlock(&from->lock);
}

static void *pay_bob(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++)
        transfer(&alice, &bob, 1); // LINT: deadlock#1
    return NULL;
}

static void *pay_alice(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++)
        transfer(&bob, &alice, 1); // LINT: deadlock#1
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
