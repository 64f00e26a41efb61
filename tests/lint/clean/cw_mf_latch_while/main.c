/*
 * main.c -- clean/cw_mf_latch_while, a two-file program (main.c, latch.c,
 * latch.h); near miss of cond-wait-no-loop/mf_latch_if; pattern: "while
 * loop around the wait, in another file".
 *
 * Same program as mf_latch_if, but latch_await() loops on the predicate.
 * The workers write disjoint elements of `results[]`; main reads them
 * after the join loop.
 * No finding.
// NEAR-MISS: cond-wait-no-loop
// LINT-CLEAN
 */
#include <stdio.h>
#include "latch.h"

#define N 3

static struct latch all_done;
static long results[N];

static void *worker(void *arg)
{
    long id = (long)arg;
    results[id] = id * id;
    latch_count_down(&all_done);
    return NULL;
}

int main(void)
{
    pthread_t t[N];
    latch_init(&all_done, N);
    for (long i = 0; i < N; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    latch_await(&all_done);
    for (int i = 0; i < N; i++)
        pthread_join(t[i], NULL);
    printf("%ld\n", results[0] + results[1] + results[2]);
    return 0;
}
