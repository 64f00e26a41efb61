/*
 * main.c -- deadlock/mf_three_locks, a two-file program (main.c,
 * stages.c, pipeline.h); pattern: "3-lock cycle across files".
 *
 * The locks and counters are defined here; the stage threads are in
 * stages.c: in -> mid, mid -> out, out -> in.  The three threads are
 * created in a loop and joined in a loop, so they overlap: deadlock#1,
 * tagged at the three inner acquisitions in stages.c.  Every counter is
 * accessed with its own lock held: no data race.
 */
#include <stdio.h>
#include "pipeline.h"

pthread_mutex_t in_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t mid_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;
int in_count, mid_count, out_count;

int main(void)
{
    void *(*stages[3])(void *) = { stage_in, stage_mid, stage_out };
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, stages[i], NULL);
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    printf("%d %d %d\n", in_count, mid_count, out_count);
    return 0;
}
