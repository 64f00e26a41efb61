/*
 * error_return.c -- pattern: "error-path return without unlock".
 *
 * withdraw() locks `acct_lock`, and when the balance is too low returns -1
 * without unlocking: lock-leak#1 (tagged at the acquisition and at the
 * early return).  The normal path unlocks before returning.  Each thread
 * calls withdraw() exactly once, so no thread can come back and lock the
 * leaked mutex a second time (no double-lock).
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t acct_lock = PTHREAD_MUTEX_INITIALIZER;
static long balance = 100;

static int withdraw(long amount)
{
    pthread_mutex_lock(&acct_lock); // LINT: lock-leak#1
    if (balance < amount)
        return -1; // LINT: lock-leak#1
    balance -= amount;
    pthread_mutex_unlock(&acct_lock);
    return 0;
}

static void *client(void *arg)
{
    long amount = (long)arg;
    return (void *)(long)withdraw(amount);
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, client, (void *)60L);
    pthread_create(&b, NULL, client, (void *)70L);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    puts("done");
    return 0;
}
