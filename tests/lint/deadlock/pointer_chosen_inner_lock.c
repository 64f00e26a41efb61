/*
 * pointer_chosen_inner_lock.c -- pattern: "ABBA where one inner lock is
 * chosen through a pointer".
 *
 * `mover` holds `lock_a` and then locks *m, where m points to `lock_b` on
 * odd iterations and to `lock_c` on even ones: on the odd iterations this
 * is the edge lock_a -> lock_b.  `sweeper` holds `lock_b` and then locks
 * `lock_a`: edge lock_b -> lock_a.  mover holding a and waiting for b
 * while sweeper holds b and waits for a is a deadlock: deadlock#1.
 * Tagged: the inner acquisitions of both edges (mover's lock of *m and
 * sweeper's lock of lock_a).  The lock_a -> lock_c edge has no reverse
 * edge and is not a cycle on its own.  `moves` is always accessed with
 * lock_a held, and `swept` with lock_b held: no data race.
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
        pthread_mutex_lock(m); // LINT: deadlock#1
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
        pthread_mutex_lock(&lock_b);
        swept++;
        pthread_mutex_lock(&lock_a); // LINT: deadlock#1
        moves--;
        pthread_mutex_unlock(&lock_a);
        pthread_mutex_unlock(&lock_b);
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
