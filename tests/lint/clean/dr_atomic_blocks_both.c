/*
 * dr_atomic_blocks_both.c -- Atomic C; near miss of
 * data-race/atomic_block_vs_plain.c and data-race/atomic_block_vs_mutex.c;
 * pattern: "every shared access inside an atomic block".
 *
 * The counters increment `visits` in atomic blocks and the resetter zeroes
 * it in an atomic block too: accesses that are both inside atomic blocks do
 * not race.  `resets` is private to the resetter until main reads it after
 * the joins.
 * No finding.
// NEAR-MISS: data-race
// LINT-CLEAN
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
            visits++;
        }
    }
    return NULL;
}

static void *resetter(void *arg)
{
    (void)arg;
    for (int i = 0; i < 3; i++) {
        atomic {
            visits = 0;
        }
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
