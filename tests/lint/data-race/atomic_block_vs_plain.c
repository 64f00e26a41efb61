/*
 * atomic_block_vs_plain.c -- Atomic C; pattern: "atomic block against a
 * plain access".
 *
 * The counter threads increment `visits` inside an atomic block (two
 * blocks never race with each other).  The resetter thread zeroes `visits`
 * with a plain store outside any atomic block while the counters run: the
 * plain store races with the accesses inside the blocks: data-race#1.
 * `resets` is only touched by the resetter thread and by main after all
 * joins: not a race.
 */
#include <pthread.h>
#include <stdio.h>

static long visits;
static long resets;

static void *counter(void *arg)
{
    (void)arg;
    for (int i = 0; i < 1000; i++) {
        atomic {
            visits++; // LINT: data-race#1
        }
    }
    return NULL;
}

static void *resetter(void *arg)
{
    (void)arg;
    for (int i = 0; i < 3; i++) {
        visits = 0; // LINT: data-race#1
        resets++;
    }
    return NULL;
}

int main(void)
{
    pthread_t c1, c2, r;
    pthread_create(&c1, NULL, counter, NULL);
    pthread_create(&c2, NULL, counter, NULL);
    pthread_create(&r, NULL, resetter, NULL);
    pthread_join(c1, NULL);
    pthread_join(c2, NULL);
    pthread_join(r, NULL);
    printf("%ld %ld\n", visits, resets);
    return 0;
}
