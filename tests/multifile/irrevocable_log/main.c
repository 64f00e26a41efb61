/*
 * irrevocable_log - I/O two calls deep inside an atomic block.
 *
 * tick() (counter.c) counts in a block and, exactly when the count
 * reaches 50000 and 100000, calls milestone() (report.c), which prints.
 * The outer blocks here nest tick() too.  The print cannot be rolled
 * back, so STM must be refused for those blocks while the locks keep
 * the count exact and each milestone printed exactly once, in order.
 */
// EXPECT: half: 50000
// EXPECT: all: 100000
// EXPECT: done: 100000
// EXPECT: pairs: 0
// EXPECT: extra: 50000
// LEGAL: global pervar

#include <pthread.h>
#include <stdio.h>
#include "log.h"

#define THREADS 4
#define ITERS   25000

static long extra;
static pthread_barrier_t gate;

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    pthread_barrier_wait(&gate);
    for (int i = 0; i < ITERS; i++) {
        if (i % 2)
            tick();
        else
            atomic { extra++; tick(); }
        pair_move(i + id, i * 3);
    }
    return NULL;
}

int main(void)
{
    pthread_t t[THREADS];
    pthread_barrier_init(&gate, NULL, THREADS);
    for (long i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&gate);
    printf("done: %ld\n", done);
    printf("pairs: %ld\n", pairs_total());
    printf("extra: %ld\n", extra);
    return 0;
}
