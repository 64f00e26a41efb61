/*
 * unknown_fnptr - a block calls through a pointer from dlsym().
 *
 * The target of `magnitude` is unknown to the compiler, so only the
 * global lock can be used: pervar has no locations for the callee and STM
 * cannot roll it back.  The refusals must point at the blocks; under
 * the global lock the sums are exact.
 */
// EXPECT: total: 150000
// EXPECT: calls: 200000
// EXPECT: balanced: ok
// LEGAL: global

#include <pthread.h>
#include <stdio.h>
#include "ops.h"

#define THREADS 4
#define ITERS   25000

static long plus, minus;
static pthread_barrier_t gate;

static void *worker(void *arg)
{
    long id = (long)arg;
    pthread_barrier_wait(&gate);
    for (long i = 0; i < ITERS; i++) {
        long v = (i + id) % 2 ? 1 : -2;
        account(v);
        atomic {
            long m = magnitude(-v);
            if (v < 0)
                minus += m;
            else
                plus += m;
            calls++;
        }
    }
    return NULL;
}

int main(void)
{
    ops_init();
    pthread_t t[THREADS];
    pthread_barrier_init(&gate, NULL, THREADS);
    for (long i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&gate);
    printf("total: %ld\n", total);
    printf("calls: %ld\n", calls);
    printf("balanced: %s\n", plus + minus == total ? "ok" : "BROKEN");
    return 0;
}
