/*
 * queue.c -- part of retry-outside-atomic/mf_queue (see main.c).
 * queue_take() contains the bare `retry;`.
 */
#include "queue.h"

#define CAP 8

static long items[CAP];
static int n;

void queue_put(long v)
{
    if (n < CAP)
        items[n++] = v;
}

long queue_take(void)
{
    if (n == 0)
        retry; // LINT: retry-outside-atomic#1
    return items[--n];
}
