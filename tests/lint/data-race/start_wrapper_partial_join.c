/*
 * start_wrapper_partial_join.c -- pattern: "threads started through a
 * wrapper, only one joined".
 *
 * start() wraps pthread_create.  main starts worker_a and worker_b through
 * it and joins only `ta`.  worker_a writes `a_out`: main's read after
 * pthread_join(ta) is ordered (near miss, no race).  worker_b writes
 * `shared_log_len`, and main resets that same variable right after
 * joining ta -- joining ta says nothing about tb, which may still be
 * running: data-race#1 (worker_b's write and main's write).  tb is joined
 * at the end; the print after that join is ordered.
 */
#include <pthread.h>
#include <stdio.h>

static long a_out;
static long shared_log_len;

static void start(pthread_t *t, void *(*fn)(void *))
{
    pthread_create(t, NULL, fn, NULL);
}

static void *worker_a(void *arg)
{
    (void)arg;
    long s = 0;
    for (int i = 0; i < 100; i++)
        s += i;
    a_out = s;
    return NULL;
}

static void *worker_b(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++)
        shared_log_len += 2; // LINT: data-race#1
    return NULL;
}

int main(void)
{
    pthread_t ta, tb;
    start(&ta, worker_a);
    start(&tb, worker_b);
    pthread_join(ta, NULL);
    long got = a_out;
    shared_log_len = 0; // LINT: data-race#1
    pthread_join(tb, NULL);
    printf("%ld %ld\n", got, shared_log_len);
    return 0;
}
