/*
 * ll_correlated_condition.c -- near miss of lock-leak and unlock-not-held;
 * pattern: "lock and unlock under the same (unchanged) condition".
 *
 * update() locks only when `shared` is set and unlocks under the same test
 * of the same local, which does not change in between: on every feasible
 * path the unlock matches the lock.  (A path-insensitive analysis that
 * pairs the locked branch with the skipped unlock reports a false
 * positive here.)  Data accessed when `shared` is 0 is a thread-private
 * local buffer.
 * No finding.
// NEAR-MISS: lock-leak unlock-not-held
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static long g_data[4];

static void update(long *data, int shared, long v)
{
    if (shared)
        pthread_mutex_lock(&g_lock);
    for (int i = 0; i < 4; i++)
        data[i] += v;
    if (shared)
        pthread_mutex_unlock(&g_lock);
}

static void *worker(void *arg)
{
    long mine[4] = { 0, 0, 0, 0 };
    (void)arg;
    for (int i = 0; i < 100; i++) {
        update(g_data, 1, i);
        update(mine, 0, i);
    }
    return (void *)mine[0];
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, worker, NULL);
    pthread_create(&b, NULL, worker, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%ld\n", g_data[0]);
    return 0;
}
