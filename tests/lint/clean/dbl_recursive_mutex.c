/*
 * dbl_recursive_mutex.c -- near miss of double-lock/helper_relock.c;
 * pattern: "recursive mutex".
 *
 * Same shape as helper_relock.c, but `stats_lock` is initialised with
 * PTHREAD_MUTEX_RECURSIVE (in main, before any thread starts), so
 * bump_errors() may lock it again while record() holds it.  Every lock is
 * matched by an unlock in the same function.
 * No finding.
// NEAR-MISS: double-lock
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t stats_lock;
static long samples, errors;

static void bump_errors(void)
{
    pthread_mutex_lock(&stats_lock);
    errors++;
    pthread_mutex_unlock(&stats_lock);
}

static void record(long v)
{
    pthread_mutex_lock(&stats_lock);
    samples++;
    if (v < 0)
        bump_errors();
    pthread_mutex_unlock(&stats_lock);
}

static void *sampler(void *arg)
{
    (void)arg;
    for (long i = -3; i < 100; i++)
        record(i);
    return NULL;
}

int main(void)
{
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&stats_lock, &attr);
    pthread_mutexattr_destroy(&attr);
    pthread_t a, b;
    pthread_create(&a, NULL, sampler, NULL);
    pthread_create(&b, NULL, sampler, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%ld %ld\n", samples, errors);
    pthread_mutex_destroy(&stats_lock);
    return 0;
}
