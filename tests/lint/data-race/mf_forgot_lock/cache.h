/* cache.h -- a tiny cache shared by the threads of data-race/mf_forgot_lock. */
#ifndef CACHE_H
#define CACHE_H
#include <pthread.h>

struct cache {
    pthread_mutex_t lock;
    int keys[16];
    long hits;
    long misses;
};

extern struct cache the_cache;
int cache_lookup(int key);
void cache_note_miss(void);
#endif
