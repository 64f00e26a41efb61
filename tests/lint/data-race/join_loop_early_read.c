/*
 * join_loop_early_read.c -- pattern: "join loop that reads too early"
 * (threads created in a loop, joined in a loop).
 *
 * Each worker i writes only `partial[i]` (disjoint elements by thread id:
 * the writes do not race with each other).  But main sums *all* of
 * `partial[]` inside the join loop, right after joining thread i: when it
 * reads partial[j] for j > i, thread j may still be running.  data-race#1
 * between the worker's write and main's read of the array.  The second
 * sum, after the whole join loop, is ordered: not a race.
 */
#include <pthread.h>
#include <stdio.h>

#define N 4

static long partial[N];
static int ids[N];

static void *worker(void *arg)
{
    int id = *(int *)arg;
    long s = 0;
    for (int k = 0; k < 1000; k++)
        s += k * (id + 1);
    partial[id] = s; // LINT: data-race#1
    return NULL;
}

int main(void)
{
    pthread_t t[N];
    long running = 0, final = 0;
    for (int i = 0; i < N; i++) {
        ids[i] = i;
        pthread_create(&t[i], NULL, worker, &ids[i]);
    }
    for (int i = 0; i < N; i++) {
        pthread_join(t[i], NULL);
        running = 0;
        for (int j = 0; j < N; j++)
            running += partial[j]; // LINT: data-race#1
    }
    for (int j = 0; j < N; j++)
        final += partial[j];
    printf("%ld %ld\n", running, final);
    return 0;
}
