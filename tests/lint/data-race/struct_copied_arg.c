/*
 * struct_copied_arg.c -- pattern: "shared pointer handed over inside a
 * struct copied by value".
 *
 * main fills a `job_t` (a by-value struct holding a pointer to `hits` and
 * one to `ticks`), copies it into each worker's slot with a struct
 * assignment from a compound literal, and the trampoline passes the job on
 * by value.  `count` increments `*job.hits` without a lock while `tally`
 * increments `hits` by name, also without a lock: data-race#1 (both
 * increments).  The pointer reaches `count` only through the struct
 * copies, so an analysis that drops struct values loses it.
 * Near miss: `ticks` is incremented through the same copied struct, but
 * under `tick_lock` on both sides; main reads both after the joins.
 */
#include <pthread.h>
#include <stdio.h>

typedef struct job {
    long *hits;
    long *ticks;
} job_t;

typedef struct slot {
    job_t job;
    int id;
} slot_t;

static long hits;
static long ticks;
static pthread_mutex_t tick_lock = PTHREAD_MUTEX_INITIALIZER;

static void count(job_t job)
{
    for (int i = 0; i < 100; i++) {
        (*job.hits)++; // LINT: data-race#1
        pthread_mutex_lock(&tick_lock);
        (*job.ticks)++;
        pthread_mutex_unlock(&tick_lock);
    }
}

static void *trampoline(void *arg)
{
    slot_t *s = arg;
    count(s->job);
    return NULL;
}

static void *tally(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        hits++; // LINT: data-race#1
        pthread_mutex_lock(&tick_lock);
        ticks++;
        pthread_mutex_unlock(&tick_lock);
    }
    return NULL;
}

int main(void)
{
    job_t job = { &hits, &ticks };
    slot_t slots[2];
    pthread_t t[2], u;
    for (int i = 0; i < 2; i++) {
        slots[i] = (slot_t){ job, i };
        pthread_create(&t[i], NULL, trampoline, &slots[i]);
    }
    pthread_create(&u, NULL, tally, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    pthread_join(u, NULL);
    printf("%ld %ld\n", hits, ticks);
    return 0;
}
