/*
 * pthread_rwlock.c - a read-mostly cache behind a reader/writer lock
 * (plain pthreads, no atomic blocks).
 *
 * A write-through cache sits in front of a backing store; one rwlock
 * guards both.  NREADERS threads look up random keys under the read
 * lock; on a miss they take the write lock, re-check and fill the entry
 * from the store.  NWRITERS threads update records under the write lock.
 * A record's value is a hash of (key, version), so torn records show.
 *
 * Usage: pthread_rwlock [lookups-per-reader]   (default 20000)
 */
// EXPECT: lookups: 60000
// EXPECT: updates: 10000
// EXPECT: checksum: 17280121923377563944
// EXPECT: torn reads: 0
// EXPECT: cache: coherent

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NENTRIES    256
#define NREADERS    3
#define NWRITERS    2
#define DEFAULT_OPS 20000
#define WRITE_RATIO 4           /* a writer does ops / WRITE_RATIO updates */

typedef struct record {
    uint32_t key;
    uint32_t version;
    uint64_t value;
} record_t;

typedef struct cache {
    pthread_rwlock_t lock;
    bool valid[NENTRIES];       /* cache side */
    record_t cached[NENTRIES];
    record_t store[NENTRIES];   /* backing store */
} cache_t;

typedef struct worker {
    cache_t *cache;
    long ops;
    uint64_t rng;
    unsigned long torn, misses; /* misses: nondeterministic, not printed */
} worker_t;

static uint64_t record_hash(uint32_t key, uint32_t version)
{
    uint64_t h = ((uint64_t)key << 32 | version) * 0x9E3779B97F4A7C15ULL;
    return h ^ (h >> 29);
}

static uint64_t lcg_next(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 33;
}

static bool record_ok(const record_t *r, uint32_t key)
{
    return r->key == key && r->value == record_hash(key, r->version);
}

/* Returns a copy of the record, filling the cache on a miss. */
static record_t cache_lookup(worker_t *w, uint32_t key)
{
    cache_t *c = w->cache;
    record_t r;

    pthread_rwlock_rdlock(&c->lock);
    if (c->valid[key]) {
        r = c->cached[key];
        pthread_rwlock_unlock(&c->lock);
        return r;
    }
    pthread_rwlock_unlock(&c->lock);

    pthread_rwlock_wrlock(&c->lock);
    if (!c->valid[key]) {       /* still missing: fill from the store */
        c->cached[key] = c->store[key];
        c->valid[key] = true;
        w->misses++;
    }
    r = c->cached[key];
    pthread_rwlock_unlock(&c->lock);
    return r;
}

static void cache_update(cache_t *c, uint32_t key)
{
    pthread_rwlock_wrlock(&c->lock);
    record_t *s = &c->store[key];
    s->version++;
    s->value = record_hash(key, s->version);
    if (c->valid[key])
        c->cached[key] = *s;    /* write through */
    pthread_rwlock_unlock(&c->lock);
}

static void *reader(void *arg)
{
    worker_t *w = arg;
    for (long i = 0; i < w->ops; i++) {
        uint32_t key = (uint32_t)(lcg_next(&w->rng) % NENTRIES);
        record_t r = cache_lookup(w, key);
        if (!record_ok(&r, key))
            w->torn++;
    }
    return NULL;
}

static void *writer(void *arg)
{
    worker_t *w = arg;
    for (long i = 0; i < w->ops; i++)
        cache_update(w->cache, (uint32_t)(lcg_next(&w->rng) % NENTRIES));
    return NULL;
}

int main(int argc, char **argv)
{
    long ops = argc > 1 ? atol(argv[1]) : DEFAULT_OPS;
    static cache_t cache;
    worker_t workers[NREADERS + NWRITERS];
    pthread_t tid[NREADERS + NWRITERS];

    pthread_rwlock_init(&cache.lock, NULL);
    for (uint32_t k = 0; k < NENTRIES; k++)
        cache.store[k] = (record_t){ .key = k, .version = 0, .value = record_hash(k, 0) };

    for (int i = 0; i < NREADERS + NWRITERS; i++) {
        bool is_reader = i < NREADERS;
        workers[i] = (worker_t){ .cache = &cache,
                                 .ops = is_reader ? ops : ops / WRITE_RATIO,
                                 .rng = 12345u + 777u * (uint64_t)i };
        pthread_create(&tid[i], NULL, is_reader ? reader : writer, &workers[i]);
    }
    unsigned long torn = 0, lookups = 0, updates = 0;
    for (int i = 0; i < NREADERS + NWRITERS; i++) {
        pthread_join(tid[i], NULL);
        torn += workers[i].torn;
        if (i < NREADERS)
            lookups += (unsigned long)workers[i].ops;
        else
            updates += (unsigned long)workers[i].ops;
    }

    unsigned long versions = 0, incoherent = 0;
    uint64_t checksum = 0;
    for (uint32_t k = 0; k < NENTRIES; k++) {
        const record_t *s = &cache.store[k];
        versions += s->version;
        checksum += s->value;
        if (!record_ok(s, k) || (cache.valid[k] && cache.cached[k].version != s->version))
            incoherent++;
    }
    pthread_rwlock_destroy(&cache.lock);

    printf("lookups: %lu\n", lookups);
    printf("updates: %lu\n", updates);
    printf("checksum: %llu\n", (unsigned long long)checksum);
    printf("torn reads: %lu\n", torn);
    if (torn != 0 || incoherent != 0 || versions != updates) {
        printf("FAIL: %lu incoherent entries, version sum %lu\n", incoherent, versions);
        return 1;
    }
    printf("cache: coherent\n");
    return 0;
}
