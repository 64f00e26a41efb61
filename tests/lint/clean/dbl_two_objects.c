/*
 * dbl_two_objects.c -- near miss of double-lock/direct_relock.c; pattern:
 * "same field, two different objects".
 *
 * merge() locks `src.lock` and then `dst.lock`: the same member of two
 * distinct global objects, i.e. two different mutexes, so the second lock
 * is not a relock.  Only one thread nests them, always src before dst: no
 * lock-order cycle.  The other thread takes each lock alone.
 * No finding.
// NEAR-MISS: double-lock deadlock
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

struct bin {
    pthread_mutex_t lock;
    int items;
};

static struct bin src = { PTHREAD_MUTEX_INITIALIZER, 50 };
static struct bin dst = { PTHREAD_MUTEX_INITIALIZER, 0 };

static void *merge(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10; i++) {
        pthread_mutex_lock(&src.lock);
        pthread_mutex_lock(&dst.lock);
        dst.items += src.items;
        src.items = 0;
        pthread_mutex_unlock(&dst.lock);
        pthread_mutex_unlock(&src.lock);
    }
    return NULL;
}

static void *feeder(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10; i++) {
        pthread_mutex_lock(&src.lock);
        src.items += 5;
        pthread_mutex_unlock(&src.lock);
        pthread_mutex_lock(&dst.lock);
        dst.items -= 1;
        pthread_mutex_unlock(&dst.lock);
    }
    return NULL;
}

int main(void)
{
    pthread_t m, f;
    pthread_create(&m, NULL, merge, NULL);
    pthread_create(&f, NULL, feeder, NULL);
    pthread_join(m, NULL);
    pthread_join(f, NULL);
    printf("%d %d\n", src.items, dst.items);
    return 0;
}
