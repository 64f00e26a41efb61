/* stats.h -- shared statistics of clean/dr_mf_locked_stats (see main.c). */
#ifndef STATS_H
#define STATS_H
#include <pthread.h>
extern pthread_mutex_t stats_lock;
extern long total;
void stats_add(long v);
long stats_get(void);
#endif
