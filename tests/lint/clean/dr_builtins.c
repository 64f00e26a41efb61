/*
 * dr_builtins.c -- near miss of data-race/unprotected_counter.c; pattern:
 * "atomic builtins on plain variables".
 *
 * Four threads update plain `long` counters, but only through atomic
 * operations: __atomic_fetch_add / __atomic_load_n, the legacy
 * __sync_fetch_and_add, and __atomic_compare_exchange_n in a bounded CAS
 * loop for a maximum.  Every concurrent access is atomic, so none is a
 * data race; main reads plainly only after the joins.
 * No finding.
// NEAR-MISS: data-race
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

static long hits;
static long legacy_hits;
static long max_seen;

static void *worker(void *arg)
{
    long id = (long)arg;
    for (long i = 0; i < 1000; i++) {
        __atomic_fetch_add(&hits, 1, __ATOMIC_RELAXED);
        __sync_fetch_and_add(&legacy_hits, 1);
        long v = id * 1000 + i;
        long cur = __atomic_load_n(&max_seen, __ATOMIC_RELAXED);
        for (int tries = 0; tries < 100 && v > cur; tries++)
            if (__atomic_compare_exchange_n(&max_seen, &cur, v, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
                break;
    }
    return NULL;
}

int main(void)
{
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("%ld %ld %ld\n", hits, legacy_hits, max_seen);
    return 0;
}
