/*
 * dr_atomic_flag_checked.c -- near miss of
 * data-race/atomic_flag_read_before_check.c; pattern: "C11 atomic flag
 * tested before the data is read".
 *
 * Same shape: the producer writes `data` and then does
 * atomic_store(&ready, 1) (sequentially consistent, so a release).  The
 * consumer reads `data` only inside `if (atomic_load(&ready))`: the load
 * that sees 1 synchronizes with the store, so the write of `data` happens
 * before the read.  When the flag is still 0 the consumer does not touch
 * `data`.  main reads `data` after both joins.
 * No finding.
// NEAR-MISS: data-race
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static _Atomic int ready;
static int data;

static void *producer(void *arg)
{
    (void)arg;
    data = 42;
    atomic_store(&ready, 1);
    return NULL;
}

static void *consumer(void *arg)
{
    int *out = arg;
    if (atomic_load(&ready))
        *out = data;
    return NULL;
}

int main(void)
{
    int got = -1;
    pthread_t p, c;
    pthread_create(&c, NULL, consumer, &got);
    pthread_create(&p, NULL, producer, NULL);
    pthread_join(p, NULL);
    pthread_join(c, NULL);
    printf("%d %d\n", got, data);
    return 0;
}
