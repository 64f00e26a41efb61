/* pool.c - runs tasks on threads.  Each thread gets its task as a copy in
 * a slot of its own (a struct assignment, then a by-value argument). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "pool.h"

#define MAX_THREADS 16

typedef struct slot {
    task_t task;
    pthread_barrier_t *gate;
} slot_t;

task_t task_make(void (*fn)(void *), void *arg, int index)
{
    return (task_t){ .fn = fn, .arg = arg, .index = index };
}

static void run_one(task_t t)
{
    t.fn(t.arg);
}

static void *trampoline(void *p)
{
    slot_t *s = p;
    pthread_barrier_wait(s->gate);
    run_one(s->task);
    return NULL;
}

void pool_run(const task_t *tasks, int n)
{
    pthread_t tid[MAX_THREADS];
    slot_t slots[MAX_THREADS];
    pthread_barrier_t gate;
    if (n > MAX_THREADS)
        n = MAX_THREADS;
    pthread_barrier_init(&gate, NULL, (unsigned)n);
    for (int i = 0; i < n; i++) {
        slots[i] = (slot_t){ tasks[i], &gate };
        if (pthread_create(&tid[i], NULL, trampoline, &slots[i]) != 0) {
            printf("pthread_create failed\n");
            exit(1);
        }
    }
    for (int i = 0; i < n; i++)
        pthread_join(tid[i], NULL);
    pthread_barrier_destroy(&gate);
}
