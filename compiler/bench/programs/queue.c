/* queue.c - a bounded FIFO queue with `retry`, producers and consumers
 * (atomicc bench).
 *
 * TOTAL_OPS/2 items go through one QCAP-slot ring buffer (every item is two
 * operations: a push and a pop).  With T >= 2 threads, ceil(T/2) producers
 * and floor(T/2) consumers share them; a push on a full queue and a pop on
 * an empty one `retry`: the thread waits until another block commits.  With
 * 1 thread the thread pushes and then pops each item (it never waits).
 * Invariant: every item pushed is popped exactly once (count and sum) and
 * the queue ends empty.
 *
 *   queue [-t THREADS] [-n TOTAL_OPS] [-s SEED]
 */
#include "bench.h"

#ifndef QCAP
#define QCAP 64
#endif

static struct {
    long buf[QCAP];
    unsigned head, tail, n;
} q;

static long items;            /* total items */

static void push(long v)
{
    atomic {
        if (q.n == QCAP)
            retry;
        q.buf[q.tail] = v;
        q.tail = (q.tail + 1) % QCAP;
        q.n++;
    }
}

static long pop(void)
{
    long v;
    atomic {
        if (q.n == 0)
            retry;
        v = q.buf[q.head];
        q.head = (q.head + 1) % QCAP;
        q.n--;
    }
    return v;
}

/* The value producer p pushes as its i-th item (i from 0). */
static inline long item_value(int p, long i)
{
    return (long)p * 1000003L + i + 1;
}

static void *worker(void *arg)
{
    bench_thread_t *t = arg;
    int n = t->nthreads, producers = (n + 1) / 2, consumers = n / 2;
    long count = 0, sum = 0;
    bench_wait_start();
    if (n == 1) {
        for (long i = 0; i < items; i++) {
            push(item_value(0, i));
            sum += pop();
            count++;
        }
    } else if (t->id < producers) {
        long mine = bench_share(items, producers, t->id);
        for (long i = 0; i < mine; i++)
            push(item_value(t->id, i));
    } else {
        long mine = bench_share(items, consumers, t->id - producers);
        for (long i = 0; i < mine; i++) {
            sum += pop();
            count++;
        }
    }
    t->r0 = count;
    t->r1 = sum;
    return NULL;
}

int main(int argc, char **argv)
{
    bench_opts_t o = bench_args(argc, argv, 200000);
    static bench_thread_t th[BENCH_MAX_THREADS];
    items = o.ops / 2;
    double secs = bench_run(&o, worker, th);
    int producers = o.threads == 1 ? 1 : (o.threads + 1) / 2;
    long count = 0, sum = 0, expect = 0;
    for (int i = 0; i < o.threads; i++) {
        count += th[i].r0;
        sum += th[i].r1;
    }
    for (int p = 0; p < producers; p++) {
        long m = bench_share(items, producers, p);
        expect += (long)p * 1000003L * m + m * (m + 1) / 2;
    }
    if (count != items || sum != expect || q.n != 0) {
        printf("FAIL: popped %ld items (expected %ld), sum %ld (expected %ld), %u left\n",
               count, items, sum, expect, q.n);
        return 1;
    }
    char extra[64];
    snprintf(extra, sizeof extra, "items=%ld", items);
    bench_report(2 * items, secs, o.threads, extra);
    return 0;
}
