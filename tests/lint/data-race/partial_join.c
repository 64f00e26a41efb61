/*
 * partial_join.c -- pattern: "partial join".
 *
 * main starts two threads.  `fast` writes `fast_result`, `slow` writes
 * `slow_result`.  main joins only `fast` and then reads both results.
 * Reading `fast_result` is ordered by pthread_join(fast): no race.
 * Reading `slow_result` happens while `slow` may still be running:
 * data-race#1 (the write in `slow` and the read in main).  `slow` is joined
 * at the very end; the print after that join is not a race.
 */
#include <pthread.h>
#include <stdio.h>

static long fast_result;
static long slow_result;

static void *fast(void *arg)
{
    (void)arg;
    fast_result = 1;
    return NULL;
}

static void *slow(void *arg)
{
    (void)arg;
    long s = 0;
    for (long i = 0; i < 100000; i++)
        s += i;
    slow_result = s; // LINT: data-race#1
    return NULL;
}

int main(void)
{
    pthread_t tf, ts;
    pthread_create(&tf, NULL, fast, NULL);
    pthread_create(&ts, NULL, slow, NULL);
    pthread_join(tf, NULL);
    long total = fast_result + slow_result; // LINT: data-race#1
    pthread_join(ts, NULL);
    printf("%ld %ld\n", total, slow_result);
    return 0;
}
