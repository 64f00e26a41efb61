/*
 * counter_shapes - one extern counter, four block shapes in three files.
 *
 * `hits` is defined in inc.c and updated by `atomic { hits++; }` there,
 * `atomic { hits += 2; }` in bump.c, and here by a read-then-write block
 * `atomic { long s = hits; hits = s + 1; }` and by a block that nests a
 * call to hit() before its own read-modify-write.  Every shape must
 * exclude every other: a lost update shows in the final count.  Readers
 * check that the value they see in a block never goes down.
 */
// EXPECT: hits: 240000
// EXPECT: monotonic: ok
// LEGAL: global pervar stm

#include <pthread.h>
#include <stdio.h>
#include "counter.h"

#define THREADS 4
#define ITERS   40000

static pthread_barrier_t gate;
static long backwards;          /* written by each thread only at its end */

static void *worker(void *arg)
{
    long id = (long)arg, seen = 0, back = 0;
    pthread_barrier_wait(&gate);
    for (int i = 0; i < ITERS; i++) {
        switch ((i + id) % 4) {
        case 0: hit(); break;
        case 1: atomic { long s = hits; hits = s + 1; } break;
        case 2: bump_two(); break;
        default:
            atomic { hit(); long s = hits; hits = s + 1; }
            break;
        }
        if (i % 64 == 0) {
            long v = read_hits();
            if (v < seen)
                back++;
            seen = v;
        }
    }
    atomic { backwards += back; }
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
    printf("hits: %ld\n", hits);
    printf("monotonic: %s\n", backwards ? "BROKEN" : "ok");
    return 0;
}
