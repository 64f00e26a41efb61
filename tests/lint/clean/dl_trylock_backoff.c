/*
 * dl_trylock_backoff.c -- near miss of deadlock/abba_direct.c; pattern:
 * "trylock with back-off".
 *
 * `left` takes fork_a then fork_b with blocking locks.  `right` holds
 * fork_b and only *tries* fork_a; when the trylock fails it releases
 * fork_b and tries again later (bounded number of attempts).  Since the
 * inner acquisition in `right` never blocks while holding fork_b, the
 * fork_b -> fork_a edge cannot close a deadlock.  `meals` is accessed
 * with both locks held.
 * No finding.
// NEAR-MISS: deadlock
// LINT-CLEAN
 */
#include <pthread.h>
#include <sched.h>
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
    int eaten = 0;
    (void)arg;
    for (int attempt = 0; attempt < 100000 && eaten < 100; attempt++) {
        pthread_mutex_lock(&fork_b);
        if (pthread_mutex_trylock(&fork_a) == 0) {
            meals++;
            eaten++;
            pthread_mutex_unlock(&fork_a);
            pthread_mutex_unlock(&fork_b);
        } else {
            pthread_mutex_unlock(&fork_b);   /* back off */
            sched_yield();
        }
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
