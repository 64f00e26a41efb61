/*
 * dr_thread_local.c -- near miss of data-race/tls_and_global.c; pattern:
 * "thread-local data and C11 atomics".
 *
 * Same shape as tls_and_global.c, but the final per-thread count is added
 * to `_Atomic long grand_total` with `+=` (an atomic read-modify-write on an
 * _Atomic object), not to a plain global.  `my_ops` and `my_depth` are
 * thread-local (_Thread_local / __thread): each thread has its own copy.
 * No finding.
// NEAR-MISS: data-race
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static _Thread_local long my_ops;
static __thread int my_depth;
static _Atomic long atomic_total;
static _Atomic long grand_total;

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        my_ops++;
        my_depth = i % 3;
        atomic_fetch_add(&atomic_total, 1);
    }
    grand_total += my_ops + my_depth;
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, worker, NULL);
    pthread_create(&b, NULL, worker, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%ld %ld\n", atomic_load(&grand_total), atomic_load(&atomic_total));
    return 0;
}
