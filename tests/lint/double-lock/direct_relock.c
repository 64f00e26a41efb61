/*
 * direct_relock.c -- pattern: "relock on a slow path".
 *
 * refill() holds `cache_lock`; on the slow path (cache empty) it calls
 * pthread_mutex_lock(&cache_lock) again, "to be sure", before refilling.
 * The default mutex is not recursive, so this self-deadlocks:
 * double-lock#1 at the second lock call.  (The matching extra unlock
 * would never be reached; it is also not tagged, since the lock is held
 * when it runs.)
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static int cached;

static int refill(void)
{
    int v;
    pthread_mutex_lock(&cache_lock);
    if (cached == 0) {
        pthread_mutex_lock(&cache_lock); // LINT: double-lock#1
        cached = 16;
        pthread_mutex_unlock(&cache_lock);
    }
    v = cached--;
    pthread_mutex_unlock(&cache_lock);
    return v;
}

static void *user(void *arg)
{
    (void)arg;
    return (void *)(long)refill();
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, user, NULL);
    pthread_create(&b, NULL, user, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%d\n", cached);
    return 0;
}
