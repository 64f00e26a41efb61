/*
 * main.c -- lock-leak/mf_pool_leak, a two-file program (main.c, pool.c,
 * pool.h); pattern: "error-path leak in a library file".
 *
 * pool_get() in pool.c locks `pool_lock` and returns -1 for an oversized
 * request without unlocking: lock-leak#1 (both tagged lines are in pool.c).
 * Its other two returns unlock first.  Each worker here calls pool_get()
 * once and pool_put() only when it got a buffer (idx >= 0, which is only
 * returned on paths that unlocked).
 */
#include <pthread.h>
#include <stdio.h>
#include "pool.h"

static void *worker(void *arg)
{
    int idx = pool_get((int)(long)arg);
    if (idx >= 0)
        pool_put(idx);
    return (void *)(long)idx;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, worker, (void *)100L);
    pthread_create(&b, NULL, worker, (void *)1000L);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    puts("done");
    return 0;
}
