/*
 * trylock_unchecked.c -- pattern: "trylock result ignored".
 *
 * bump() calls pthread_mutex_trylock and ignores the result.  When the
 * trylock fails (the other thread holds the mutex), bump() increments
 * `hits` without the lock -- racing with the other thread's increment
 * under the lock: data-race#1 -- and then unlocks a mutex it does not
 * hold: unlock-not-held#1.
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t hits_lock = PTHREAD_MUTEX_INITIALIZER;
static long hits;

static void bump(void)
{
    pthread_mutex_trylock(&hits_lock);
    hits++; // LINT: data-race#1
    pthread_mutex_unlock(&hits_lock); // LINT: unlock-not-held#1
}

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 1000; i++)
        bump();
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, worker, NULL);
    pthread_create(&b, NULL, worker, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%ld\n", hits);
    return 0;
}
