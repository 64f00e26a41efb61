/*
 * rt_only_in_blocks.c -- Atomic C; near miss of
 * retry-outside-atomic/called_from_main.c; pattern: "blocking helper
 * called only inside blocks".
 *
 * take() contains a bare `retry;` but every call of it (in the consumer
 * thread and in main) is inside an atomic block, so the retry always
 * restarts an enclosing block.  All accesses to `stock` are inside blocks.
 * No finding.
// NEAR-MISS: retry-outside-atomic
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

static long stock;

static long take(void)
{
    if (stock == 0)
        retry;
    return stock--;
}

static void *consumer(void *arg)
{
    long got = 0;
    (void)arg;
    for (int i = 0; i < 5; i++) {
        atomic {
            got += take();
        }
    }
    return (void *)got;
}

int main(void)
{
    pthread_t c;
    long last;
    pthread_create(&c, NULL, consumer, NULL);
    for (int i = 0; i < 6; i++) {
        atomic {
            stock += 1;
        }
    }
    pthread_join(c, NULL);
    atomic {
        last = take();
    }
    printf("%ld\n", last);
    return 0;
}
