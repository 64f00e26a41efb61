/*
 * workqueue.c - bounded work queue with blocking via `retry` (Atomic C).
 *
 * NPRODUCERS threads push items into a ring buffer of QUEUE_CAP slots;
 * NCONSUMERS threads pop them.  A producer that finds the queue full and
 * a consumer that finds it empty execute `retry`, which abandons the
 * atomic block and sleeps until another block commits.  When all
 * producers are done, main pushes one STOP item per consumer.  Every
 * consumer marks the items it receives in a shared `seen` table, so the
 * program can check that each item was consumed exactly once.
 *
 * Usage: workqueue [items-per-producer]   (default 20000)
 */
// LEGAL: global pervar stm
// EXPECT: produced: 60000
// EXPECT: consumed: 60000
// EXPECT: duplicates: 0
// EXPECT: missing: 0
// EXPECT: checksum: 5399970000

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define QUEUE_CAP   16
#define NPRODUCERS  3
#define NCONSUMERS  2
#define DEFAULT_ITEMS 20000
#define STOP        UINT32_MAX

typedef struct queue {
    uint32_t slot[QUEUE_CAP];
    unsigned head, count;
} queue_t;

typedef struct worker {
    int id;
    long items;             /* producers: how many to make */
    uint64_t got, sum;      /* consumers: results, merged after join */
} worker_t;

static queue_t queue;
static unsigned char *seen;     /* seen[item] = times consumed */
static long total_items;
static unsigned long duplicates;

/* Helpers; the caller holds the atomic block. */
static inline bool queue_full(const queue_t *q)  { return q->count == QUEUE_CAP; }
static inline bool queue_empty(const queue_t *q) { return q->count == 0; }

static void queue_push(queue_t *q, uint32_t v)
{
    q->slot[(q->head + q->count) % QUEUE_CAP] = v;
    q->count++;
}

static uint32_t queue_pop(queue_t *q)
{
    uint32_t v = q->slot[q->head];
    q->head = (q->head + 1) % QUEUE_CAP;
    q->count--;
    return v;
}

static void put(uint32_t v)
{
    atomic {
        if (queue_full(&queue))
            retry;
        queue_push(&queue, v);
    }
}

static void *producer(void *arg)
{
    worker_t *w = arg;
    /* producer p makes items p, p + NPRODUCERS, p + 2*NPRODUCERS, ... */
    for (long i = 0; i < w->items; i++)
        put((uint32_t)(w->id + i * NPRODUCERS));
    return NULL;
}

static void *consumer(void *arg)
{
    worker_t *w = arg;
    for (;;) {
        uint32_t item;
        atomic {
            if (queue_empty(&queue))
                retry;
            item = queue_pop(&queue);
            if (item != STOP && seen[item]++ != 0)
                duplicates++;
        }
        if (item == STOP)
            break;
        w->got++;
        w->sum += (uint64_t)item * 3 + 1;   /* weight to catch substitutions */
    }
    return NULL;
}

int main(int argc, char **argv)
{
    long items = argc > 1 ? atol(argv[1]) : DEFAULT_ITEMS;
    pthread_t ptid[NPRODUCERS], ctid[NCONSUMERS];
    worker_t prod[NPRODUCERS], cons[NCONSUMERS];

    total_items = items * NPRODUCERS;
    seen = calloc((size_t)total_items + 1, 1);
    if (seen == NULL) {
        printf("FAIL: out of memory\n");
        return 1;
    }
    for (int i = 0; i < NCONSUMERS; i++) {
        cons[i] = (worker_t){ .id = i };
        pthread_create(&ctid[i], NULL, consumer, &cons[i]);
    }
    for (int i = 0; i < NPRODUCERS; i++) {
        prod[i] = (worker_t){ .id = i, .items = items };
        pthread_create(&ptid[i], NULL, producer, &prod[i]);
    }
    for (int i = 0; i < NPRODUCERS; i++)
        pthread_join(ptid[i], NULL);
    for (int i = 0; i < NCONSUMERS; i++)
        put(STOP);

    uint64_t got = 0, sum = 0;
    for (int i = 0; i < NCONSUMERS; i++) {
        pthread_join(ctid[i], NULL);
        got += cons[i].got;
        sum += cons[i].sum;
    }

    long missing = 0;
    uint64_t expect_sum = 0;
    for (long v = 0; v < total_items; v++) {
        missing += seen[v] == 0;
        expect_sum += (uint64_t)v * 3 + 1;
    }
    free(seen);

    printf("produced: %ld\n", total_items);
    printf("consumed: %llu\n", (unsigned long long)got);
    printf("duplicates: %lu\n", duplicates);
    printf("missing: %ld\n", missing);
    printf("checksum: %llu\n", (unsigned long long)sum);
    if (got != (uint64_t)total_items || duplicates != 0 || missing != 0) {
        printf("FAIL: items lost or consumed twice\n");
        return 1;
    }
    if (sum != expect_sum) {
        printf("FAIL: checksum mismatch (expected %llu)\n", (unsigned long long)expect_sum);
        return 1;
    }
    return 0;
}
