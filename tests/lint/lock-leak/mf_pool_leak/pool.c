/*
 * pool.c -- part of lock-leak/mf_pool_leak (see main.c).
 * pool_get() leaks `pool_lock` when the requested size is too large
 * (lock-leak#1); pool_put() is correct.
 */
#include <pthread.h>
#include "pool.h"

#define NBUF 4
#define BUFSZ 256

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static int in_use[NBUF];

int pool_get(int size)
{
    pthread_mutex_lock(&pool_lock); // LINT: lock-leak#1
    if (size > BUFSZ)
        return -1; // LINT: lock-leak#1
    for (int i = 0; i < NBUF; i++) {
        if (!in_use[i]) {
            in_use[i] = 1;
            pthread_mutex_unlock(&pool_lock);
            return i;
        }
    }
    pthread_mutex_unlock(&pool_lock);
    return -1;
}

void pool_put(int idx)
{
    if (idx < 0 || idx >= NBUF)
        return;
    pthread_mutex_lock(&pool_lock);
    in_use[idx] = 0;
    pthread_mutex_unlock(&pool_lock);
}
