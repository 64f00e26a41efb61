/*
 * dbl_helper_after_unlock.c -- near miss of double-lock/helper_relock.c
 * and double-lock/spin_relock.c; pattern: "helper that locks, called
 * outside the critical section" (plus an _unlocked variant called inside).
 *
 * record() decides under `stats_lock` whether an error must be counted,
 * unlocks, and only then calls bump_errors(), which locks by itself.
 * record_batch() holds the lock and calls bump_errors_locked(), the
 * variant that expects the caller to hold the lock and takes none.
 * No finding.
// NEAR-MISS: double-lock
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static long samples, errors;

static void bump_errors_locked(void)
{
    errors++;
}

static void bump_errors(void)
{
    pthread_mutex_lock(&stats_lock);
    bump_errors_locked();
    pthread_mutex_unlock(&stats_lock);
}

static void record(long v)
{
    int bad;
    pthread_mutex_lock(&stats_lock);
    samples++;
    bad = v < 0;
    pthread_mutex_unlock(&stats_lock);
    if (bad)
        bump_errors();
}

static void record_batch(const long *vs, int n)
{
    pthread_mutex_lock(&stats_lock);
    for (int i = 0; i < n; i++) {
        samples++;
        if (vs[i] < 0)
            bump_errors_locked();
    }
    pthread_mutex_unlock(&stats_lock);
}

static void *sampler(void *arg)
{
    long batch[3] = { -1, 2, -3 };
    (void)arg;
    for (long i = -3; i < 100; i++)
        record(i);
    record_batch(batch, 3);
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
