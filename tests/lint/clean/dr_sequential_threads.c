/*
 * dr_sequential_threads.c -- near miss of data-race/unprotected_counter.c;
 * pattern: "threads that cannot overlap".
 *
 * Two phases write the same plain global `stage_total` without any lock,
 * but phase 2's thread is created only after phase 1's thread has been
 * joined, and main reads between and after the joins.  pthread_join /
 * pthread_create order every access.
 * No finding.
// NEAR-MISS: data-race
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

static long stage_total;

static void *phase(void *arg)
{
    long mult = (long)arg;
    for (long i = 0; i < 100; i++)
        stage_total += i * mult;
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, phase, (void *)1L);
    pthread_join(t, NULL);
    long after_one = stage_total;
    pthread_create(&t, NULL, phase, (void *)2L);
    pthread_join(t, NULL);
    printf("%ld %ld\n", after_one, stage_total);
    return 0;
}
