/*
 * rwlock_write_under_rdlock.c -- pattern: "write under a read lock".
 *
 * Lookups take the read lock of `map_lock`, which several threads can hold
 * at once.  The lookup also counts hits by writing `lookup_hits` while
 * holding only the read lock; two lookup threads run together, so the
 * writes race with each other: data-race#1.  `keys[]` is only read under
 * the read lock and written under the write lock: not a race.
 */
#include <pthread.h>
#include <stdio.h>

#define NKEYS 8

static pthread_rwlock_t map_lock = PTHREAD_RWLOCK_INITIALIZER;
static int keys[NKEYS];
static long lookup_hits;

static int lookup(int k)
{
    int found = 0;
    pthread_rwlock_rdlock(&map_lock);
    for (int i = 0; i < NKEYS; i++)
        if (keys[i] == k)
            found = 1;
    if (found)
        lookup_hits++; // LINT: data-race#1
    pthread_rwlock_unlock(&map_lock);
    return found;
}

static void *searcher(void *arg)
{
    int n = 0;
    (void)arg;
    for (int i = 0; i < 100; i++)
        n += lookup(i % 10);
    return (void *)(long)n;
}

static void *inserter(void *arg)
{
    (void)arg;
    for (int i = 0; i < NKEYS; i++) {
        pthread_rwlock_wrlock(&map_lock);
        keys[i] = i;
        pthread_rwlock_unlock(&map_lock);
    }
    return NULL;
}

int main(void)
{
    pthread_t s1, s2, in;
    pthread_create(&in, NULL, inserter, NULL);
    pthread_create(&s1, NULL, searcher, NULL);
    pthread_create(&s2, NULL, searcher, NULL);
    pthread_join(in, NULL);
    pthread_join(s1, NULL);
    pthread_join(s2, NULL);
    printf("%ld\n", lookup_hits);
    return 0;
}
