/*
 * main.c -- clean/rt_mf_queue, Atomic C, a three-file program (main.c,
 * queue.c, stats.c, queue.h); near miss of retry-outside-atomic/mf_queue;
 * pattern: "retrying function across files, every path through a block".
 *
 * queue_take() (queue.c, contains retry) is called inside a block by the
 * consumer and, through peek_and_count() (stats.c), inside a block by
 * main.  `taken_by_stats` is only written inside blocks.
 * No finding.
// NEAR-MISS: retry-outside-atomic
// LINT-CLEAN
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
    long v;
    for (long i = 0; i < 4; i++) {
        atomic {
            queue_put(i);
        }
    }
    pthread_create(&c, NULL, consumer, NULL);
    pthread_join(c, NULL);
    atomic {
        v = peek_and_count();
    }
    printf("%ld\n", v);
    return 0;
}
