/*
 * busy_wait_flag.c -- pattern: "busy-wait flag without atomics".
 *
 * The producer writes `payload` and then sets the plain int `ready`; the
 * consumer spins (a bounded number of times) on `ready` and then reads
 * `payload`.  `ready` is a plain variable, so the spin read and the store
 * race: data-race#1.  Because a plain flag creates no happens-before edge,
 * the write of `payload` and its read in the consumer race too:
 * data-race#2.  (Compare clean/dr_busy_wait_atomic.c, where `ready` is
 * _Atomic with release/acquire.)
 */
#include <pthread.h>
#include <stdio.h>

static int ready;
static int payload;

static void *producer(void *arg)
{
    (void)arg;
    payload = 42; // LINT: data-race#2
    ready = 1; // LINT: data-race#1
    return NULL;
}

static void *consumer(void *arg)
{
    int *out = arg;
    for (long spins = 0; spins < 100000000L; spins++)
        if (ready) // LINT: data-race#1
            break;
    *out = payload; // LINT: data-race#2
    return NULL;
}

int main(void)
{
    int got = 0;
    pthread_t p, c;
    pthread_create(&c, NULL, consumer, &got);
    pthread_create(&p, NULL, producer, NULL);
    pthread_join(p, NULL);
    pthread_join(c, NULL);
    printf("%d\n", got);
    return 0;
}
