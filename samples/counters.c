/*
 * counters.c - request statistics of a cache front-end (Atomic C).
 *
 * Two kinds of workers replay a deterministic request log.  Hit workers
 * count cache hits locally and publish them in batches (`hits += n`);
 * miss workers publish every miss (`misses++`) and charge its cost to the
 * backend quota, whose two fields must change together (`remaining -= c;
 * used += c;`).  Meanwhile main samples the statistics: the quota fields
 * must always add up and the counters never go backwards.
 *
 * hits and misses are independent and every block touching either is a
 * single commutative update or a plain load, so each can be one hardware
 * atomic instruction; the quota blocks touch two fields and need a lock
 * (only on the quota, not on the counters).
 *
 * Usage: counters [requests-per-worker]   (default 200000)
 */
// LEGAL: global pervar stm
// EXPECT: hits: 2398349
// EXPECT: misses: 400000
// EXPECT: quota used: 6607053
// EXPECT: quota remaining: 993392947
// EXPECT: samples: consistent

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define HIT_WORKERS  2
#define MISS_WORKERS 2
#define QUOTA        1000000000L
#define BATCH        64
#define SAMPLES      2000

static unsigned long hits;
static unsigned long misses;
static struct quota {
    long remaining, used;
} quota = { QUOTA, 0 };

typedef struct worker {
    long requests;
    uint64_t rng;
    unsigned long published;    /* private: hits, or cost units, this worker added */
} worker_t;

static uint64_t next_rand(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 2685821657736338717ULL;
}

static void *hit_worker(void *arg)
{
    worker_t *w = arg;
    for (long i = 0; i < w->requests; i += BATCH) {
        unsigned long n = 0;
        for (long j = i; j < i + BATCH && j < w->requests; j++)
            n += 1 + next_rand(&w->rng) % 11;   /* objects served from cache */
        atomic { hits += n; }
        w->published += n;
    }
    return NULL;
}

static void *miss_worker(void *arg)
{
    worker_t *w = arg;
    for (long i = 0; i < w->requests; i++) {
        long cost = 1 + (long)(next_rand(&w->rng) % 32);  /* backend work units */
        atomic { misses++; }
        atomic {
            quota.remaining -= cost;
            quota.used += cost;
        }
        w->published += (unsigned long)cost;
    }
    return NULL;
}

int main(int argc, char **argv)
{
    long requests = argc > 1 ? atol(argv[1]) : 200000;
    pthread_t tid[HIT_WORKERS + MISS_WORKERS];
    worker_t workers[HIT_WORKERS + MISS_WORKERS];

    for (int i = 0; i < HIT_WORKERS + MISS_WORKERS; i++) {
        workers[i] = (worker_t){ .requests = requests, .rng = 0x2545F4914F6CDD1DULL * (uint64_t)(i + 1) };
        if (pthread_create(&tid[i], NULL, i < HIT_WORKERS ? hit_worker : miss_worker, &workers[i]) != 0) {
            printf("FAIL: pthread_create\n");
            return 1;
        }
    }

    unsigned long last_hits = 0, last_misses = 0, bad = 0;
    for (int s = 0; s < SAMPLES; s++) {
        unsigned long h, m;
        long remaining, used;
        atomic { h = hits; }
        atomic { m = misses; }
        atomic {
            remaining = quota.remaining;
            used = quota.used;
        }
        if (remaining + used != QUOTA || h < last_hits || m < last_misses)
            bad++;
        last_hits = h;
        last_misses = m;
    }

    unsigned long want_hits = 0, want_used = 0;
    for (int i = 0; i < HIT_WORKERS + MISS_WORKERS; i++) {
        pthread_join(tid[i], NULL);
        if (i < HIT_WORKERS)
            want_hits += workers[i].published;
        else
            want_used += workers[i].published;
    }

    printf("hits: %lu\n", hits);
    printf("misses: %lu\n", misses);
    printf("quota used: %ld\n", quota.used);
    printf("quota remaining: %ld\n", quota.remaining);
    if (hits != want_hits || misses != (unsigned long)(MISS_WORKERS * requests) ||
        quota.used != (long)want_used || quota.remaining + quota.used != QUOTA) {
        printf("FAIL: lost updates (hits %lu/%lu, used %ld/%lu, sum %ld)\n", hits, want_hits,
               quota.used, want_used, quota.remaining + quota.used);
        return 1;
    }
    if (bad != 0) {
        printf("FAIL: %lu samples saw inconsistent statistics\n", bad);
        return 1;
    }
    printf("samples: consistent\n");
    return 0;
}
