/*
 * main.c -- data-race/mf_forgot_lock, a two-file program (main.c, cache.c,
 * cache.h); pattern: "struct field guarded by an embedded lock, one
 * accessor in another file forgets it".
 *
 * Thread `looker` calls cache_lookup(), which updates the_cache.hits /
 * .misses / .keys under the_cache.lock.  Thread `prober` calls
 * cache_note_miss(), which increments the_cache.misses with no lock:
 * data-race#1 (both lines are in cache.c; the threads that reach them are
 * started here).  `hits` and `keys` are only accessed under the lock, and
 * main prints after joining both threads: no other race.
 */
#include <stdio.h>
#include "cache.h"

static void *looker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 200; i++)
        cache_lookup(i % 24);
    return NULL;
}

static void *prober(void *arg)
{
    (void)arg;
    for (int i = 0; i < 50; i++)
        cache_note_miss();
    return NULL;
}

int main(void)
{
    pthread_t l, p;
    pthread_create(&l, NULL, looker, NULL);
    pthread_create(&p, NULL, prober, NULL);
    pthread_join(l, NULL);
    pthread_join(p, NULL);
    printf("%ld %ld\n", the_cache.hits, the_cache.misses);
    return 0;
}
