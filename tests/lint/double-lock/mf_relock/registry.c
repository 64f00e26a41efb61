/*
 * registry.c -- part of double-lock/mf_relock (see main.c).  Both
 * functions take `reg_lock` themselves.
 */
#include "registry.h"

pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static int ids[32];
static int nids;

int reg_count(void)
{
    int n;
    pthread_mutex_lock(&reg_lock); // LINT: double-lock#1
    n = nids;
    pthread_mutex_unlock(&reg_lock);
    return n;
}

void reg_add(int id)
{
    pthread_mutex_lock(&reg_lock);
    if (nids < 32)
        ids[nids++] = id;
    pthread_mutex_unlock(&reg_lock);
}
