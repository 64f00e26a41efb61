/* queue_tm.c - GCC transactional-memory baseline of queue.c (same work):
 * one 64-slot ring buffer, ceil(T/2) producers and floor(T/2) consumers
 * (1 thread: push then pop each item), each push and pop one
 * `__transaction_atomic { }` block, built with `gcc -fgnu-tm -O2 ... -litm`
 * (libitm; see bank_tm.c for the method libitm picks).  Where queue.c
 * `retry`s (the thread sleeps until another block commits), this version
 * polls: it commits an empty transaction and calls sched_yield() before the
 * next attempt.  Invariant and output as in queue.c.
 *
 * Usage: queue_tm [operations-per-thread [threads]]
 */
#include "harness.h"
#include <sched.h>

#define QCAP 64

static struct {
    long buf[QCAP];
    unsigned head, tail, n;
} q;

static int nthreads;
static long items;            /* total items */

/* GCC TM has no `retry` (and __transaction_cancel does not wait): a push on
 * a full queue or a pop on an empty one commits without effect, and the
 * thread yields the CPU outside the transaction and tries again. */
static void push(long v)
{
    for (;;) {
        int done = 0;
        __transaction_atomic {
            if (q.n != QCAP) {
                q.buf[q.tail] = v;
                q.tail = (q.tail + 1) % QCAP;
                q.n++;
                done = 1;
            }
        }
        if (done)
            return;
        sched_yield();
    }
}

static long pop(void)
{
    for (;;) {
        long v = 0;
        int done = 0;
        __transaction_atomic {
            if (q.n != 0) {
                v = q.buf[q.head];
                q.head = (q.head + 1) % QCAP;
                q.n--;
                done = 1;
            }
        }
        if (done)
            return v;
        sched_yield();
    }
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
