/*
 * unh_trylock_ebusy_checked.c -- near miss of
 * unlock-not-held/trylock_ebusy_unlock.c; pattern: "trylock status
 * checked against EBUSY".
 *
 * Same shape: try_record() keeps the status of pthread_mutex_trylock in
 * `st`.  For this (non-robust, error-checking) mutex the call returns 0
 * (now held) or EBUSY (not held).  The EBUSY branch only counts the miss
 * in a local and does not touch the mutex; the else branch holds it,
 * updates `recorded` and unlocks.  So the unlock runs only where the lock
 * is held (no unlock-not-held), every path leaves the mutex released (no
 * lock leak), and `recorded` is only accessed with the mutex held or
 * after the joins (no data race).  Each worker's miss counter is its own.
 * No finding.
// NEAR-MISS: unlock-not-held lock-leak
// LINT-CLEAN
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t rec_lock;
static long recorded;

static int try_record(void)
{
    int st = pthread_mutex_trylock(&rec_lock);
    int missed = 0;
    if (st == EBUSY) {
        missed = 1;
    } else {
        recorded++;
        pthread_mutex_unlock(&rec_lock);
    }
    return missed;
}

static void *worker(void *arg)
{
    long *misses = arg;
    for (int i = 0; i < 1000; i++)
        *misses += try_record();
    return NULL;
}

int main(void)
{
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&rec_lock, &attr);
    pthread_mutexattr_destroy(&attr);
    long miss_a = 0, miss_b = 0;
    pthread_t a, b;
    pthread_create(&a, NULL, worker, &miss_a);
    pthread_create(&b, NULL, worker, &miss_b);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%ld %ld %ld\n", recorded, miss_a, miss_b);
    return 0;
}
