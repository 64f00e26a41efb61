/*
 * dl_sequential_threads.c -- near miss of
 * deadlock/overlap_after_partial_join.c; pattern: "threads that cannot
 * overlap".
 *
 * `ab` takes lock_a then lock_b and `ba` takes lock_b then lock_a, but main
 * joins the `ab` thread before it creates the `ba` thread: the two nested
 * sections never run concurrently, so the cycle in the lock-order graph
 * cannot deadlock.  (main itself takes no lock.)
 * No finding.
// NEAR-MISS: deadlock
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static int shared;

static void *ab(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&lock_a);
        pthread_mutex_lock(&lock_b);
        shared++;
        pthread_mutex_unlock(&lock_b);
        pthread_mutex_unlock(&lock_a);
    }
    return NULL;
}

static void *ba(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&lock_b);
        pthread_mutex_lock(&lock_a);
        shared--;
        pthread_mutex_unlock(&lock_a);
        pthread_mutex_unlock(&lock_b);
    }
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    pthread_create(&t1, NULL, ab, NULL);
    pthread_join(t1, NULL);
    pthread_create(&t2, NULL, ba, NULL);
    pthread_join(t2, NULL);
    printf("%d\n", shared);
    return 0;
}
