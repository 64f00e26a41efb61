/*
 * single_ops - every atomic block of the program is one operation.
 *
 * Blocks in four files: `events++` here, `seen_mask |= bit` here, a store
 * of `last_writer`, loads of each; a.c's static `total += v*3-1` (v a
 * local) and b.c's static `total++` (a different object of the same
 * name).  So atomic-op is legal for the whole program, and each location
 * keeps one kind of update plus loads.  Counts must be exact, and the
 * events a thread loads must never go down.
 */
// EXPECT: events: 200000
// EXPECT: a total: 350000
// EXPECT: b total: 100000
// EXPECT: mask: ff
// EXPECT: last writer: ok
// EXPECT: monotonic: ok
// LEGAL: global pervar stm atomic-op

#include <pthread.h>
#include <stdio.h>
#include "stats.h"

#define THREADS 8
#define ITERS   25000

static pthread_barrier_t gate;
static long went_back[THREADS];     /* each thread writes only its own slot */

static void *worker(void *arg)
{
    long id = (long)arg, seen = 0;
    pthread_barrier_wait(&gate);
    for (int i = 0; i < ITERS; i++) {
        atomic { events++; }
        if (i % 2 == 0)
            a_add(1 + (i % 4 == 2));       /* adds 2 or 5 */
        if (i % 2 == 1)
            b_add();
        if (i == ITERS / 2)
            atomic { seen_mask |= 1UL << id; }
        if (i % 100 == 0) {
            long v = events_now();
            if (v < seen)
                went_back[id]++;
            seen = v;
            atomic { last_writer = (int)id; }
        }
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
    long back = 0;
    for (int i = 0; i < THREADS; i++)
        back += went_back[i];
    int lw;
    unsigned long mask;
    atomic { lw = last_writer; }
    atomic { mask = seen_mask; }
    printf("events: %ld\n", events_now());
    printf("a total: %ld\n", a_total());
    printf("b total: %ld\n", b_total());
    printf("mask: %lx\n", mask);
    printf("last writer: %s\n", lw >= 0 && lw < THREADS ? "ok" : "BROKEN");
    printf("monotonic: %s\n", back ? "BROKEN" : "ok");
    return 0;
}
