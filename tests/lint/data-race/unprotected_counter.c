/*
 * unprotected_counter.c -- pattern: "unprotected counter next to a protected one".
 *
 * Two identical worker threads each bump two global counters NITER times.
 * `locked_hits` is only touched with `hits_lock` held: no race.
 * `raw_hits` is incremented with no lock at all by both threads (the same
 * line runs in two threads, read-modify-write): data-race#1.
 * main reads both counters only after joining both workers (happens-before),
 * so the final reads are not races.
 */
#include <pthread.h>
#include <stdio.h>

#define NITER 1000

static pthread_mutex_t hits_lock = PTHREAD_MUTEX_INITIALIZER;
static long locked_hits;
static long raw_hits;

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < NITER; i++) {
        pthread_mutex_lock(&hits_lock);
        locked_hits++;
        pthread_mutex_unlock(&hits_lock);
        raw_hits++; // LINT: data-race#1
    }
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, worker, NULL);
    pthread_create(&b, NULL, worker, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%ld %ld\n", locked_hits, raw_hits);
    return 0;
}
