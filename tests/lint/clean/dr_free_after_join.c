/*
 * dr_free_after_join.c -- near miss of data-race/free_before_join.c;
 * pattern: "free after join".
 *
 * Same shape: main mallocs a `struct job`, fills it in before the create
 * and hands it to `runner`, which reads job->n and writes job->result.
 * Here main joins runner first, then reads the result and frees the
 * object: both the read and the free are ordered after all of runner's
 * accesses by pthread_join.
 * No finding.
// NEAR-MISS: data-race
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct job {
    int n;
    long result;
};

static int done;

static void *runner(void *arg)
{
    struct job *job = arg;
    int n = job->n;
    long s = 0;
    for (int i = 0; i < n && i < 1000; i++)
        s += i;
    job->result = s;
    done = 1;
    return NULL;
}

int main(void)
{
    struct job *job = malloc(sizeof *job);
    if (!job)
        return 1;
    job->n = 100;
    job->result = 0;
    pthread_t t;
    pthread_create(&t, NULL, runner, job);
    pthread_join(t, NULL);
    long r = job->result;
    free(job);
    printf("%d %ld\n", done, r);
    return 0;
}
