/*
 * pthread_pipeline.c - a three-stage pipeline over condition variables
 * (plain pthreads, no atomic blocks).
 *
 * A source thread sends the numbers 1..N into channel `raw`; NMAPPERS
 * mapper threads square them modulo a prime and send the results into
 * channel `cooked`; a sink thread adds them up.  A channel is a bounded
 * buffer with a mutex and two condition variables; every wait sits in a
 * loop that re-tests its condition.  Closing a channel wakes everybody;
 * the last mapper to finish closes `cooked`.
 *
 * Usage: pthread_pipeline [items]   (default 50000)
 */
// EXPECT: items: 50000
// EXPECT: received: 50000
// EXPECT: sum: 24796746015
// EXPECT: pipeline: ok

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define CHAN_CAP      32
#define NMAPPERS      2
#define DEFAULT_ITEMS 50000
#define MODULUS       1000003u

typedef struct channel {
    pthread_mutex_t lock;
    pthread_cond_t not_empty, not_full;
    uint64_t buf[CHAN_CAP];
    unsigned head, count;
    bool closed;
} channel_t;

#define CHANNEL_INIT { .lock = PTHREAD_MUTEX_INITIALIZER, \
                      .not_empty = PTHREAD_COND_INITIALIZER, \
                      .not_full = PTHREAD_COND_INITIALIZER }

static channel_t raw = CHANNEL_INIT, cooked = CHANNEL_INIT;
static pthread_mutex_t mappers_lock = PTHREAD_MUTEX_INITIALIZER;
static int mappers_running = NMAPPERS;     /* guarded by mappers_lock */
static long nitems;                        /* read-only while threads run */

static void chan_send(channel_t *ch, uint64_t v)
{
    pthread_mutex_lock(&ch->lock);
    while (ch->count == CHAN_CAP)
        pthread_cond_wait(&ch->not_full, &ch->lock);
    ch->buf[(ch->head + ch->count) % CHAN_CAP] = v;
    ch->count++;
    pthread_cond_signal(&ch->not_empty);
    pthread_mutex_unlock(&ch->lock);
}

/* Returns false when the channel is closed and drained. */
static bool chan_recv(channel_t *ch, uint64_t *v)
{
    pthread_mutex_lock(&ch->lock);
    while (ch->count == 0 && !ch->closed)
        pthread_cond_wait(&ch->not_empty, &ch->lock);
    if (ch->count == 0) {
        pthread_mutex_unlock(&ch->lock);
        return false;
    }
    *v = ch->buf[ch->head];
    ch->head = (ch->head + 1) % CHAN_CAP;
    ch->count--;
    pthread_cond_signal(&ch->not_full);
    pthread_mutex_unlock(&ch->lock);
    return true;
}

static void chan_close(channel_t *ch)
{
    pthread_mutex_lock(&ch->lock);
    ch->closed = true;
    pthread_cond_broadcast(&ch->not_empty);
    pthread_mutex_unlock(&ch->lock);
}

static uint64_t square_mod(uint64_t v) { return v * v % MODULUS; }

static void *source(void *arg)
{
    (void)arg;
    for (long i = 1; i <= nitems; i++)
        chan_send(&raw, (uint64_t)i);
    chan_close(&raw);
    return NULL;
}

static void *mapper(void *arg)
{
    (void)arg;
    uint64_t v;
    while (chan_recv(&raw, &v))
        chan_send(&cooked, square_mod(v));

    pthread_mutex_lock(&mappers_lock);
    bool last = --mappers_running == 0;
    pthread_mutex_unlock(&mappers_lock);
    if (last)
        chan_close(&cooked);
    return NULL;
}

typedef struct totals { long received; uint64_t sum; } totals_t;

static void *sink(void *arg)
{
    totals_t *t = arg;
    uint64_t v;
    while (chan_recv(&cooked, &v)) {
        t->received++;
        t->sum += v;
    }
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t src, snk, map[NMAPPERS];
    totals_t totals = { 0, 0 };

    nitems = argc > 1 ? atol(argv[1]) : DEFAULT_ITEMS;
    pthread_create(&snk, NULL, sink, &totals);
    for (int i = 0; i < NMAPPERS; i++)
        pthread_create(&map[i], NULL, mapper, NULL);
    pthread_create(&src, NULL, source, NULL);

    pthread_join(src, NULL);
    for (int i = 0; i < NMAPPERS; i++)
        pthread_join(map[i], NULL);
    pthread_join(snk, NULL);

    uint64_t expect = 0;
    for (long i = 1; i <= nitems; i++)
        expect += square_mod((uint64_t)i);

    printf("items: %ld\n", nitems);
    printf("received: %ld\n", totals.received);
    printf("sum: %llu\n", (unsigned long long)totals.sum);
    if (totals.received != nitems || totals.sum != expect) {
        printf("FAIL: expected %ld items summing to %llu\n", nitems, (unsigned long long)expect);
        return 1;
    }
    printf("pipeline: ok\n");
    return 0;
}
