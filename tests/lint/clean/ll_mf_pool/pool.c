/*
 * pool.c -- part of clean/ll_mf_pool (see main.c).  The oversized-request
 * check happens before the lock is taken; every later return unlocks.
 */
#include <pthread.h>
#include "pool.h"

#define NBUF 4
#define BUFSZ 256

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static int in_use[NBUF];

int pool_get(int size)
{
    if (size > BUFSZ)
        return -1;
    pthread_mutex_lock(&pool_lock);
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
