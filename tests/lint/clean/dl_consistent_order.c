/*
 * dl_consistent_order.c -- near miss of deadlock/abba_direct.c; pattern:
 * "both threads take the two locks in the same order".
 *
 * Both `left` and `right` take fork_a then fork_b: the lock-order graph has
 * only the edge fork_a -> fork_b, no cycle.  `meals` is always accessed
 * with both locks held.
 * No finding.
// NEAR-MISS: deadlock
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t fork_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t fork_b = PTHREAD_MUTEX_INITIALIZER;
static int meals;

static void *left(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&fork_a);
        pthread_mutex_lock(&fork_b);
        meals++;
        pthread_mutex_unlock(&fork_b);
        pthread_mutex_unlock(&fork_a);
    }
    return NULL;
}

static void *right(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&fork_a);
        pthread_mutex_lock(&fork_b);
        meals--;
        pthread_mutex_unlock(&fork_b);
        pthread_mutex_unlock(&fork_a);
    }
    return NULL;
}

int main(void)
{
    pthread_t l, r;
    pthread_create(&l, NULL, left, NULL);
    pthread_create(&r, NULL, right, NULL);
    pthread_join(l, NULL);
    pthread_join(r, NULL);
    printf("%d\n", meals);
    return 0;
}
