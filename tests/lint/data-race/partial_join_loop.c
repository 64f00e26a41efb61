/*
 * partial_join_loop.c -- pattern: "partial join of threads created in a
 * loop".
 *
 * main creates N workers in a loop; worker i writes only `result[i]`
 * (disjoint elements: the workers do not race with each other).  main
 * then joins t[0] alone and reads result[0] and result[1].  The read of
 * result[0] is ordered by pthread_join(t[0]): not a race.  The read of
 * result[1] happens while worker 1 may still be running: data-race#1
 * (the write in the worker and main's read of result[1]).  The remaining
 * workers are joined afterwards and the final sum is ordered.
 */
#include <pthread.h>
#include <stdio.h>

#define N 3

static long result[N];
static int ids[N];

static void *worker(void *arg)
{
    int id = *(int *)arg;
    long s = 0;
    for (int k = 0; k < 1000; k++)
        s += k % (id + 2);
    result[id] = s; // LINT: data-race#1
    return NULL;
}

int main(void)
{
    pthread_t t[N];
    for (int i = 0; i < N; i++) {
        ids[i] = i;
        pthread_create(&t[i], NULL, worker, &ids[i]);
    }
    pthread_join(t[0], NULL);
    long first = result[0];
    long second = result[1]; // LINT: data-race#1
    for (int i = 1; i < N; i++)
        pthread_join(t[i], NULL);
    long sum = 0;
    for (int i = 0; i < N; i++)
        sum += result[i];
    printf("%ld %ld %ld\n", first, second, sum);
    return 0;
}
