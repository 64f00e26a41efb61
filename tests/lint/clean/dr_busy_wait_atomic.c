/*
 * dr_busy_wait_atomic.c -- near miss of data-race/busy_wait_flag.c;
 * pattern: "busy-wait flag with _Atomic and release/acquire".
 *
 * `ready` is `_Atomic int`; the producer stores it with release order after
 * writing `payload`, the consumer spins (bounded) with acquire loads.  The
 * flag accesses are atomic (not races), and the release/acquire pair
 * orders the write of `payload` before its read once the flag is seen.
 * If the consumer gives up without seeing the flag it does not read
 * `payload`.
 * No finding.
// NEAR-MISS: data-race
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static _Atomic int ready;
static int payload;

static void *producer(void *arg)
{
    (void)arg;
    payload = 42;
    atomic_store_explicit(&ready, 1, memory_order_release);
    return NULL;
}

static void *consumer(void *arg)
{
    int *out = arg;
    for (long spins = 0; spins < 100000000L; spins++) {
        if (atomic_load_explicit(&ready, memory_order_acquire)) {
            *out = payload;
            break;
        }
    }
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
