/* counters.c - 64 independent shared counters, `x += 1` blocks (atomicc bench).
 *
 * Each operation picks one counter at random (the thread's own PRNG) and
 * increments it in an atomic block.  Every block that touches a counter is a
 * single commutative update, so atomic-op (and auto) may use one atomic add.
 * Invariant: the counters sum to the number of operations.
 *
 *   counters [-t THREADS] [-n TOTAL_INCREMENTS] [-s SEED]
 */
#include "bench.h"

#define NCOUNTERS 64

/* One counter per cache line, so different counters never share a line. */
static struct counter {
    long v;
    char pad[64 - sizeof(long)];
} ctr[NCOUNTERS] __attribute__((aligned(64)));

static void *worker(void *arg)
{
    bench_thread_t *t = arg;
    uint64_t rng = t->rng;
    long ops = t->ops;
    bench_wait_start();
    for (long i = 0; i < ops; i++) {
        unsigned k = (unsigned)(bench_rand(&rng) >> 58);   /* 0..63 */
        atomic { ctr[k].v += 1; }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    bench_opts_t o = bench_args(argc, argv, 400000);
    static bench_thread_t th[BENCH_MAX_THREADS];
    double secs = bench_run(&o, worker, th);
    long sum = 0;
    for (int i = 0; i < NCOUNTERS; i++)
        sum += ctr[i].v;
    if (sum != o.ops) {
        printf("FAIL: counters sum to %ld, expected %ld\n", sum, o.ops);
        return 1;
    }
    bench_report(o.ops, secs, o.threads, "");
    return 0;
}
