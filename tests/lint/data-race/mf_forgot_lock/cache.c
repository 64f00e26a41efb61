/*
 * cache.c -- part of data-race/mf_forgot_lock (see main.c).
 * cache_lookup() takes the_cache.lock around every field access.
 * cache_note_miss() forgets the lock: its write of `misses` races with the
 * locked write in cache_lookup() (data-race#1).
 */
#include "cache.h"

struct cache the_cache = { .lock = PTHREAD_MUTEX_INITIALIZER };

int cache_lookup(int key)
{
    int hit = 0;
    pthread_mutex_lock(&the_cache.lock);
    if (the_cache.keys[key % 16] == key) {
        the_cache.hits++;
        hit = 1;
    } else {
        the_cache.keys[key % 16] = key;
        the_cache.misses++; // LINT: data-race#1
    }
    pthread_mutex_unlock(&the_cache.lock);
    return hit;
}

void cache_note_miss(void)
{
    the_cache.misses++; // LINT: data-race#1
}
