/*
 * main.c -- cond-wait-no-loop/mf_latch_if, a two-file program (main.c,
 * latch.c, latch.h); pattern: "if-wait inside a library in another file".
 *
 * Workers count the latch down; main waits for it with latch_await(),
 * whose wait (in latch.c) is guarded by `if`: cond-wait-no-loop#1.
 * After latch_await() main reads `results[]` -- but it joins the workers
 * first, so the reads are ordered by pthread_join (no data race; the
 * latch is not trusted for ordering).  Each worker writes its own
 * element.
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
