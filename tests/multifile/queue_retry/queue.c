/*
 * queue.c - the queue.  queue_get and queue_put have their own blocks;
 * queue_take has none and retries anyway: it is only ever called from
 * inside atomic blocks (in main.c), so its retry restarts the caller's.
 */
#include "queue.h"

void queue_init(struct queue *q)
{
    q->head = q->count = 0;
    q->puts = q->gets = 0;
}

void queue_put(struct queue *q, long v)
{
    atomic {
        if (q->count == QCAP)
            retry;
        q->items[(q->head + q->count) % QCAP] = v;
        q->count++;
        q->puts++;
    }
}

long queue_get(struct queue *q)
{
    long v;
    atomic {
        if (q->count == 0)
            retry;
        v = q->items[q->head];
        q->head = (q->head + 1) % QCAP;
        q->count--;
        q->gets++;
    }
    return v;
}

long queue_take(struct queue *q)
{
    if (q->count == 0)
        retry;
    long v = q->items[q->head];
    q->head = (q->head + 1) % QCAP;
    q->count--;
    q->gets++;
    return v;
}

long queue_puts(struct queue *q)
{
    long n;
    atomic { n = q->puts; }
    return n;
}

long queue_gets(struct queue *q)
{
    long n;
    atomic { n = q->gets; }
    return n;
}
