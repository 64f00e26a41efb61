/*
 * main.c -- retry-outside-atomic/mf_queue, Atomic C, a three-file program
 * (main.c, queue.c, stats.c, queue.h); pattern: "retrying function in one
 * file, called outside a block from another file".
 *
 * queue_take() (queue.c) contains `retry;`.  The consumer here calls it
 * inside a block: fine.  peek_and_count() (stats.c) calls it without a
 * block, and main calls peek_and_count() outside any block too:
 * retry-outside-atomic#1, tagged at the retry in queue.c, the call in
 * stats.c and main's call here.
 */
#include <pthread.h>
#include <stdio.h>
#include "queue.h"

long peek_and_count(void);

static void *consumer(void *arg)
{
    long s = 0;
    (void)arg;
    for (int i = 0; i < 3; i++) {
        atomic {
            s += queue_take();
        }
    }
    return (void *)s;
}

int main(void)
{
    pthread_t c;
    for (long i = 0; i < 4; i++) {
        atomic {
            queue_put(i);
        }
    }
    pthread_create(&c, NULL, consumer, NULL);
    pthread_join(c, NULL);
    printf("%ld\n", peek_and_count()); // LINT: retry-outside-atomic#1
    return 0;
}
