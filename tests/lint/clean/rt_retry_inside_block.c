/*
 * rt_retry_inside_block.c -- Atomic C; near miss of
 * retry-outside-atomic/bare_retry_after_block.c; pattern: "retry inside
 * the block it restarts".
 *
 * The consumer's `retry;` is inside its atomic block (waits until `ready`
 * is set); the producer sets `ready` in a block.  The printf runs after
 * the block.
 * No finding.
// NEAR-MISS: retry-outside-atomic irrevocable-in-atomic
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

static int ready;
static int data;

static void *consumer(void *arg)
{
    int v;
    (void)arg;
    atomic {
        if (!ready)
            retry;
        v = data;
    }
    printf("%d\n", v);
    return NULL;
}

static void *producer(void *arg)
{
    (void)arg;
    atomic {
        data = 7;
        ready = 1;
    }
    return NULL;
}

int main(void)
{
    pthread_t c, p;
    pthread_create(&c, NULL, consumer, NULL);
    pthread_create(&p, NULL, producer, NULL);
    pthread_join(c, NULL);
    pthread_join(p, NULL);
    return 0;
}
