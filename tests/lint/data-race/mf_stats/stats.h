/* stats.h -- shared statistics (see main.c for the test description). */
#ifndef STATS_H
#define STATS_H
#include <pthread.h>
extern pthread_mutex_t stats_lock;
extern long total;
void stats_add(long v);
long stats_get(void);
#endif
