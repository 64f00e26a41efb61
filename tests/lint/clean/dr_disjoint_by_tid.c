/*
 * dr_disjoint_by_tid.c -- near miss of data-race/shared_index.c and
 * data-race/join_loop_early_read.c; pattern: "array indexed by thread id"
 * (threads created in a loop, joined in a loop).
 *
 * Each worker writes only `slots[id]`, where `id` is its own index handed
 * over through `ids[i]` (written before pthread_create).  The elements are
 * disjoint, so the workers' writes never touch the same location.  main
 * sums the array only after the whole join loop.
 * No finding.
// NEAR-MISS: data-race
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

#define NTHREADS 4

static long slots[NTHREADS];
static int ids[NTHREADS];

static void *worker(void *arg)
{
    int id = *(int *)arg;
    for (int i = 0; i < 100; i++)
        slots[id] += id + 1;
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        ids[i] = i;
        pthread_create(&t[i], NULL, worker, &ids[i]);
    }
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    long sum = 0;
    for (int i = 0; i < NTHREADS; i++)
        sum += slots[i];
    printf("%ld\n", sum);
    return 0;
}
