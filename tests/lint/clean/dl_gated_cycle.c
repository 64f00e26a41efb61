/*
 * dl_gated_cycle.c -- near miss of deadlock/partially_gated.c; pattern:
 * "gated cycle (common outer lock)".
 *
 * Thread `one` takes res_a then res_b, thread `two` takes res_b then res_a:
 * the lock-order graph has a cycle, but both threads take `gate` first and
 * hold it around the whole nested section, so the two inner sections can
 * never run at the same time and the cycle cannot deadlock.  `work` is
 * accessed with all three locks held.
 * No finding.
// NEAR-MISS: deadlock
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t res_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t res_b = PTHREAD_MUTEX_INITIALIZER;
static int work;

static void *one(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&gate);
        pthread_mutex_lock(&res_a);
        pthread_mutex_lock(&res_b);
        work++;
        pthread_mutex_unlock(&res_b);
        pthread_mutex_unlock(&res_a);
        pthread_mutex_unlock(&gate);
    }
    return NULL;
}

static void *two(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&gate);
        pthread_mutex_lock(&res_b);
        pthread_mutex_lock(&res_a);
        work++;
        pthread_mutex_unlock(&res_a);
        pthread_mutex_unlock(&res_b);
        pthread_mutex_unlock(&gate);
    }
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, one, NULL);
    pthread_create(&b, NULL, two, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%d\n", work);
    return 0;
}
