/*
 * ll_trylock_failure.c -- near miss of lock-leak and unlock-not-held;
 * pattern: "trylock result checked".
 *
 * try_bump() returns early when pthread_mutex_trylock fails: on that path
 * the lock is not held, so returning without unlocking is correct, and the
 * unlock only runs on the path where the trylock succeeded.  The same
 * function is called many times per thread.
 * No finding.
// NEAR-MISS: lock-leak unlock-not-held double-lock
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static long bumps;

static int try_bump(void)
{
    if (pthread_mutex_trylock(&stats_lock) != 0)
        return 0;
    bumps++;
    pthread_mutex_unlock(&stats_lock);
    return 1;
}

static void *worker(void *arg)
{
    long ok = 0;
    (void)arg;
    for (int i = 0; i < 1000; i++)
        ok += try_bump();
    return (void *)ok;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, worker, NULL);
    pthread_create(&b, NULL, worker, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%ld\n", bumps);
    return 0;
}
