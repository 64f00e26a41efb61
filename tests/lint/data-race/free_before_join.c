/*
 * free_before_join.c -- pattern: "free while another thread still uses
 * the object".
 *
 * main mallocs a `struct job`, fills it in (before the create: ordered)
 * and hands it to `runner`, which writes `job->result`.  main then calls
 * free(job) *before* joining runner: the deallocation is a write of the
 * whole object that is not ordered with runner's write: data-race#1 (the
 * free line and the write of job->result).  runner's read of job->n is
 * also unordered with the free, so its line is tagged as the same group.
 * The `done` counter is only touched by runner before the join and main
 * after it: not a race.
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
    int n = job->n; // LINT: data-race#1
    long s = 0;
    for (int i = 0; i < n && i < 1000; i++)
        s += i;
    job->result = s; // LINT: data-race#1
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
    free(job); // LINT: data-race#1
    pthread_join(t, NULL);
    printf("%d\n", done);
    return 0;
}
