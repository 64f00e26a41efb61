/*
 * tls_and_global.c -- pattern: "thread-local counter next to a global one",
 * plus C11 atomics.
 *
 * Each worker counts in `_Thread_local long my_ops` and `__thread int
 * my_depth` (one copy per thread: no race), adds to `_Atomic long
 * atomic_total` with atomic_fetch_add (atomic: no race), and finally adds
 * its private count into the plain global `plain_total` with no lock:
 * data-race#1.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static _Thread_local long my_ops;
static __thread int my_depth;
static _Atomic long atomic_total;
static long plain_total;

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        my_ops++;
        my_depth = i % 3;
        atomic_fetch_add(&atomic_total, 1);
    }
    plain_total += my_ops + my_depth; // LINT: data-race#1
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, worker, NULL);
    pthread_create(&b, NULL, worker, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%ld %ld\n", plain_total, atomic_load(&atomic_total));
    return 0;
}
