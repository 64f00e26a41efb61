/*
 * atomic_flag_read_before_check.c -- pattern: "C11 atomic flag, data read
 * before the flag is tested".
 *
 * `ready` is `_Atomic int`; `data` is a plain int.  The producer writes
 * `data` and then stores ready = 1.  The consumer loads `ready` but reads
 * `data` unconditionally, before it looks at the flag it loaded: when the
 * flag was still 0 the read of `data` is not ordered with the producer's
 * write: data-race#1 (the producer's write and the consumer's read).
 * The accesses of `ready` are atomic and never race, and main's read of
 * `data` after both joins is ordered.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static _Atomic int ready;
static int data;

static void *producer(void *arg)
{
    (void)arg;
    data = 42; // LINT: data-race#1
    atomic_store(&ready, 1);
    return NULL;
}

static void *consumer(void *arg)
{
    int *out = arg;
    int r = atomic_load(&ready);
    int d = data; // LINT: data-race#1
    if (r)
        *out = d;
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
