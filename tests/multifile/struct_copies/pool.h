/* pool.h - a tiny thread pool: the caller's function and argument travel
 * to each thread inside structs copied by value. */
#ifndef POOL_H
#define POOL_H

#include <stddef.h>

typedef struct task {
    void (*fn)(void *arg);
    void *arg;
    int index;
} task_t;

/* A task for fn(arg): returned by value. */
task_t task_make(void (*fn)(void *), void *arg, int index);

/* Runs tasks[0..n) on n threads started together; waits for them. */
void pool_run(const task_t *tasks, int n);

#endif
