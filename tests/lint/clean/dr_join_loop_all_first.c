/*
 * dr_join_loop_all_first.c -- near miss of data-race/partial_join_loop.c;
 * pattern: "join every thread of the loop before reading".
 *
 * Same shape: N workers created in a loop, worker i writes only
 * `result[i]`.  main joins all of them in a loop *before* it reads
 * result[0] and result[1]: every read is ordered after the write it
 * reads by the join of the thread that made it.  The workers write
 * disjoint elements, and `ids[]` is written before the creates and only
 * read afterwards.
 * No finding.
// NEAR-MISS: data-race
// LINT-CLEAN
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
    result[id] = s;
    return NULL;
}

int main(void)
{
    pthread_t t[N];
    for (int i = 0; i < N; i++) {
        ids[i] = i;
        pthread_create(&t[i], NULL, worker, &ids[i]);
    }
    for (int i = 0; i < N; i++)
        pthread_join(t[i], NULL);
    long first = result[0];
    long second = result[1];
    long sum = 0;
    for (int i = 0; i < N; i++)
        sum += result[i];
    printf("%ld %ld %ld\n", first, second, sum);
    return 0;
}
