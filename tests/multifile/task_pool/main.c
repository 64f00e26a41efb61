/*
 * task_pool - producers and workers around a pool defined in other files.
 *
 * Two producers put 20000 heap tasks each (pool_put retries while 64 are
 * pending); three workers take a task and run it in one block:
 * `atomic { t = pool_get(&work); if (t) { t->run(t); free(t); } }`, where
 * pool_get retries while the pool is empty and t->run is one of three
 * functions stored by task_new() from a table in tasks.c; a spawn task
 * pushes another task from inside that block.  The pool is closed after
 * the producers are joined; the workers then drain it and stop.
 */
// EXPECT: ran: 53333
// EXPECT: sum: 533346666
// EXPECT: doubled: 533293334
// EXPECT: spawned: 13333
// EXPECT: pending: 0
// LEGAL: global pervar stm

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "pool.h"

#define PRODUCERS 2
#define WORKERS   3
#define TASKS     20000

static pthread_barrier_t gate;

static void *producer(void *arg)
{
    long id = (long)arg;
    pthread_barrier_wait(&gate);
    for (long i = 0; i < TASKS; i++) {
        long n = id * TASKS + i;
        pool_put(&work, task_new((int)(n % 3), n));
    }
    return NULL;
}

static void *worker(void *arg)
{
    long done = 0;
    (void)arg;
    pthread_barrier_wait(&gate);
    for (;;) {
        struct task *t;
        atomic {
            t = pool_get(&work);
            if (t) {
                t->run(t);
                free(t);
            }
        }
        if (t == NULL)
            break;
        done++;
    }
    return (void *)done;
}

int main(void)
{
    stats = calloc(1, sizeof *stats);
    pthread_t p[PRODUCERS], w[WORKERS];
    pthread_barrier_init(&gate, NULL, PRODUCERS + WORKERS);
    for (long i = 0; i < WORKERS; i++)
        pthread_create(&w[i], NULL, worker, (void *)i);
    for (long i = 0; i < PRODUCERS; i++)
        pthread_create(&p[i], NULL, producer, (void *)i);
    for (int i = 0; i < PRODUCERS; i++)
        pthread_join(p[i], NULL);
    pool_close(&work);
    long done = 0;
    for (int i = 0; i < WORKERS; i++) {
        void *r;
        pthread_join(w[i], &r);
        done += (long)r;
    }
    pthread_barrier_destroy(&gate);
    printf("ran: %ld\n", done == stats->ran ? stats->ran : -1);
    printf("sum: %ld\n", stats->sum);
    printf("doubled: %ld\n", stats->doubled);
    printf("spawned: %ld\n", stats->spawned);
    printf("pending: %ld\n", work.pending);
    free(stats);
    return 0;
}
