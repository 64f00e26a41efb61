/*
 * dl_pointer_chosen_inner_lock_ordered.c -- near miss of
 * deadlock/pointer_chosen_inner_lock.c; pattern: "inner lock chosen
 * through a pointer, consistent order".
 *
 * Same shape: `mover` holds `lock_a` and then locks *m, which is `lock_b`
 * or `lock_c` (edges lock_a -> lock_b and lock_a -> lock_c).  `sweeper`
 * now takes `lock_a` first and `lock_b` second: another lock_a -> lock_b
 * edge.  lock_a is always the outer lock, so the lock order has no cycle.
 * `moves` is accessed with lock_a held and `swept` with lock_b held on
 * every access: no data race.
 * No finding.
// NEAR-MISS: deadlock
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_c = PTHREAD_MUTEX_INITIALIZER;
static long moves;
static long swept;

static void *mover(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_t *m = (i % 2) ? &lock_b : &lock_c;
        pthread_mutex_lock(&lock_a);
        pthread_mutex_lock(m);
        moves++;
        pthread_mutex_unlock(m);
        pthread_mutex_unlock(&lock_a);
    }
    return NULL;
}

static void *sweeper(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&lock_a);
        pthread_mutex_lock(&lock_b);
        swept++;
        moves--;
        pthread_mutex_unlock(&lock_b);
        pthread_mutex_unlock(&lock_a);
    }
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    pthread_create(&t1, NULL, mover, NULL);
    pthread_create(&t2, NULL, sweeper, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    printf("%ld %ld\n", moves, swept);
    return 0;
}
