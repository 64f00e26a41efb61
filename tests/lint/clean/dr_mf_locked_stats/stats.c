/*
 * stats.c -- part of clean/dr_mf_locked_stats (see main.c).  `total` is
 * guarded by `stats_lock` in both accessors.
 */
#include "stats.h"

pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
long total;

void stats_add(long v)
{
    pthread_mutex_lock(&stats_lock);
    total += v;
    pthread_mutex_unlock(&stats_lock);
}

long stats_get(void)
{
    long v;
    pthread_mutex_lock(&stats_lock);
    v = total;
    pthread_mutex_unlock(&stats_lock);
    return v;
}
