/*
 * main.c -- clean/ll_mf_pool, a two-file program (main.c, pool.c,
 * pool.h); near miss of lock-leak/mf_pool_leak; pattern: "validate before
 * locking".
 *
 * pool_get() rejects oversized requests before taking `pool_lock`; every
 * path that took the lock releases it.  Workers call pool_get()/pool_put()
 * repeatedly.
 * No finding.
// NEAR-MISS: lock-leak
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>
#include "pool.h"

static void *worker(void *arg)
{
    int got = 0;
    for (int i = 0; i < 50; i++) {
        int idx = pool_get((int)(long)arg + i);
        if (idx >= 0) {
            got++;
            pool_put(idx);
        }
    }
    return (void *)(long)got;
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
