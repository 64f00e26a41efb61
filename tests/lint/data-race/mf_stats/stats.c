/*
 * stats.c -- part of data-race/mf_stats (see main.c).  `total` is meant to
 * be guarded by `stats_lock`; both accessors here take it.
 */
#include "stats.h"

pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
long total;

void stats_add(long v)
{
    pthread_mutex_lock(&stats_lock);
    total += v; // LINT: data-race#1
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
