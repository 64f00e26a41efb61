/* queue_pthread.c - hand-written baseline of queue.c (same work): one
 * pthread mutex and two condition variables (not full / not empty), the
 * textbook bounded buffer.  Build with -DLOCK_MUTEX_COND. */
#include "harness.h"

#define QCAP 64

#if !defined(LOCK_MUTEX_COND)
#error "define LOCK_MUTEX_COND"
#endif

static struct {
    long buf[QCAP];
    unsigned head, tail, n;
} q;

static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;

static int nthreads;
static long items;            /* total items */

static void push(long v)
{
    pthread_mutex_lock(&qlock);
    while (q.n == QCAP)
        pthread_cond_wait(&not_full, &qlock);
    q.buf[q.tail] = v;
    q.tail = (q.tail + 1) % QCAP;
    q.n++;
    pthread_cond_signal(&not_empty);
    pthread_mutex_unlock(&qlock);
}

static long pop(void)
{
    long v;
    pthread_mutex_lock(&qlock);
    while (q.n == 0)
        pthread_cond_wait(&not_empty, &qlock);
    v = q.buf[q.head];
    q.head = (q.head + 1) % QCAP;
    q.n--;
    pthread_cond_signal(&not_full);
    pthread_mutex_unlock(&qlock);
    return v;
}
/* Which items this thread moves: its share of `items`. */
static long share(int id, int parts)
{
    return items / parts + (id < items % parts ? 1 : 0);
}

static void *worker(void *arg)
{
    bench_thread_t *t = arg;
    int producers = (nthreads + 1) / 2, consumers = nthreads / 2;
    long count = 0, sum = 0;
    bench_wait_start();
    if (nthreads == 1) {
        for (long i = 0; i < items; i++) {
            push(i + 1);
            sum += pop();
            count++;
        }
        t->r0 = count;
        t->r1 = sum;
    } else if (t->id < producers) {
        long mine = share(t->id, producers);
        for (long i = 0; i < mine; i++)
            push((long)t->id * 1000000007L + i + 1);
    } else {
        long mine = share(t->id - producers, consumers);
        for (long i = 0; i < mine; i++) {
            sum += pop();
            count++;
        }
        t->r0 = count;
        t->r1 = sum;
    }
    return NULL;
}

int main(int argc, char **argv)
{
    long ops;
    bench_args(argc, argv, &ops, &nthreads);
    static bench_thread_t th[BENCH_MAX_THREADS];
    items = ops * nthreads / 2;
    double secs = bench_run(nthreads, ops, worker, th);
    long count = 0, sum = 0, expect = 0;
    for (int i = 0; i < nthreads; i++) {
        count += th[i].r0;
        sum += th[i].r1;
    }
    if (nthreads == 1) {
        expect = items * (items + 1) / 2;
    } else {
        int producers = (nthreads + 1) / 2;
        for (int p = 0; p < producers; p++) {
            long m = share(p, producers);
            expect += (long)p * 1000000007L * m + m * (m + 1) / 2;
        }
    }
    if (count != items || sum != expect || q.n != 0) {
        printf("FAIL: popped %ld items (expected %ld), sum %ld (expected %ld), %u left\n",
               count, items, sum, expect, q.n);
        return 1;
    }
    char extra[64];
    snprintf(extra, sizeof extra, "items=%ld", items);
    bench_report(2 * items, secs, nthreads, extra);
    return 0;
}
