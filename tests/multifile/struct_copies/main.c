/*
 * struct_copies - the only path from main's data to the threads' blocks
 * runs through struct values: a compound literal returned by value, an
 * array element assigned from a struct, a struct passed by value, and a
 * function-pointer member called through the copy (pool.c).
 *
 * `counter` blocks bump one word through the copied `arg` (alone they
 * would be one atomic add); `pair` blocks bump the same word and another
 * one by name.  The alias analysis must carry the pointer through every
 * copy: otherwise the two kinds of block fall into different conflict
 * components, get plans that do not exclude each other (an atomic add
 * against a lock), and lose updates.
 */
// EXPECT: hits: 1600000
// EXPECT: pairs: 800000
// EXPECT: balanced: ok
// LEGAL: global pervar stm

#include <stdio.h>
#include "pool.h"

#define THREADS 4
#define ITERS   400000

typedef struct stats {
    long hits;
    long pairs;
} stats_t;

static stats_t stats;

static void counter(void *arg)
{
    stats_t *s = arg;
    for (long i = 0; i < ITERS; i++)
        atomic { s->hits++; }
}

static void pair(void *arg)
{
    (void)arg;
    for (long i = 0; i < ITERS; i++) {
        atomic { stats.hits++; stats.pairs++; }
    }
}

int main(void)
{
    task_t tasks[THREADS];
    for (int i = 0; i < THREADS; i++)
        tasks[i] = task_make(i % 2 ? pair : counter, &stats, i);
    pool_run(tasks, THREADS);
    long hits, pairs;
    atomic { hits = stats.hits; pairs = stats.pairs; }
    printf("hits: %ld\n", hits);
    printf("pairs: %ld\n", pairs);
    printf("balanced: %s\n", hits == 2 * pairs ? "ok" : "LOST UPDATES");
    return 0;
}
