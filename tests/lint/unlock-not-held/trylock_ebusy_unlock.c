/*
 * trylock_ebusy_unlock.c -- pattern: "unlock in the trylock-failed
 * branch".
 *
 * try_record() keeps the status of pthread_mutex_trylock in `st`.  For
 * this (non-robust, error-checking) mutex the call returns either 0 (now
 * held) or EBUSY (held by the other thread, not by us).  The EBUSY branch
 * counts the miss in a local and then calls pthread_mutex_unlock -- on a
 * mutex this thread does not hold: unlock-not-held#1.  The else branch
 * holds the mutex, updates `recorded` and unlocks correctly (near miss:
 * not reported).  Because the mutex is PTHREAD_MUTEX_ERRORCHECK, the
 * stray unlock fails with EPERM and does not release the other thread's
 * lock, so `recorded` is still only touched with the mutex held: no data
 * race.  Both branches leave the mutex not held: no lock leak.
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
        pthread_mutex_unlock(&rec_lock); // LINT: unlock-not-held#1
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
