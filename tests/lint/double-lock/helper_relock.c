/*
 * helper_relock.c -- pattern: "relock through a helper".
 *
 * record() holds `stats_lock` while it calls bump_errors(), which locks
 * `stats_lock` itself: double-lock#1, tagged at the helper's lock call
 * and at the call made with the lock held.  bump_errors() is also called
 * from report() without the lock held: that call is correct.
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static long samples, errors;

static void bump_errors(void)
{
    pthread_mutex_lock(&stats_lock); // LINT: double-lock#1
    errors++;
    pthread_mutex_unlock(&stats_lock);
}

static void record(long v)
{
    pthread_mutex_lock(&stats_lock);
    samples++;
    if (v < 0)
        bump_errors(); // LINT: double-lock#1
    pthread_mutex_unlock(&stats_lock);
}

static void report(long v)
{
    if (v > 1000)
        bump_errors();
}

static void *sampler(void *arg)
{
    (void)arg;
    for (long i = -3; i < 100; i++) {
        record(i);
        report(i * 20);
    }
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, sampler, NULL);
    pthread_create(&b, NULL, sampler, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%ld %ld\n", samples, errors);
    return 0;
}
