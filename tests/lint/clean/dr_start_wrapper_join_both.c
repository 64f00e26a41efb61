/*
 * dr_start_wrapper_join_both.c -- near miss of
 * data-race/start_wrapper_partial_join.c; pattern: "threads started
 * through a wrapper, all joined".
 *
 * Same shape: start() wraps pthread_create, main starts worker_a and
 * worker_b through it.  Here main joins both ta and tb before it reads
 * `a_out` and resets `shared_log_len`: both of main's accesses are
 * ordered after the worker that made the writes.
 * No finding.
// NEAR-MISS: data-race
// LINT-CLEAN
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
        shared_log_len += 2;
    return NULL;
}

int main(void)
{
    pthread_t ta, tb;
    start(&ta, worker_a);
    start(&tb, worker_b);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    long got = a_out;
    long len = shared_log_len;
    shared_log_len = 0;
    printf("%ld %ld %ld\n", got, len, shared_log_len);
    return 0;
}
