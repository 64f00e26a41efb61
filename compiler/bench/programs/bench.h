/* bench.h - driver code shared by the `atomicc bench` programs: argument
 * parsing, the per-thread xorshift64* generator, thread start-up behind a
 * start gate, the clock and the report line.  No synchronisation of the
 * benchmark's data is here: each program's atomic blocks are its own.
 *
 *   PROG [-t THREADS] [-n TOTAL_OPS] [-s SEED]
 *
 * TOTAL_OPS is the work of the whole run, split evenly between the threads
 * (the first TOTAL_OPS % THREADS threads do one more), so every thread count
 * does the same work.  The program prints one line
 *
 *   ops=<total operations> seconds=<threaded phase> threads=<n> check=ok ...
 *
 * and exits 0, or prints "FAIL: ..." and exits 1 when its invariant does not
 * hold after the run (2 on bad arguments).  The clock (CLOCK_MONOTONIC; on
 * the simulator it reads simulated time) runs from just before the start
 * gate opens to the last join: thread creation and the set-up and
 * verification of the data are not timed.
 */
#ifndef ATOMICC_BENCH_H
#define ATOMICC_BENCH_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BENCH_MAX_THREADS 256

/* One worker's arguments and results, on its own cache lines. */
typedef struct bench_thread {
    int id;
    int nthreads;
    long ops;               /* operations this thread performs */
    uint64_t rng;           /* its private PRNG state (seeded from id) */
    long r0, r1, r2, r3;    /* results, meaning depends on the program */
    char pad[128 - 8 * 8];
} __attribute__((aligned(64))) bench_thread_t;

typedef struct bench_opts {
    int threads;            /* -t */
    long ops;               /* -n: total operations */
    uint64_t seed;          /* -s */
} bench_opts_t;

static pthread_barrier_t bench_gate;

/* xorshift64*: cheap, private to the thread, deterministic per thread id. */
static inline uint64_t bench_rand(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 2685821657736338717ULL;
}

static inline double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Every worker calls this first: it waits until all threads exist. */
static inline void bench_wait_start(void)
{
    pthread_barrier_wait(&bench_gate);
}

static void bench_usage(const char *prog, long default_ops)
{
    fprintf(stderr, "usage: %s [-t THREADS (1-%d)] [-n TOTAL_OPS (default %ld)] [-s SEED]\n",
            prog, BENCH_MAX_THREADS, default_ops);
    exit(2);
}

static bench_opts_t bench_args(int argc, char **argv, long default_ops)
{
    bench_opts_t o = { 2, default_ops, 0x9E3779B97F4A7C15ULL };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc || a[0] != '-' || a[1] == '\0' || a[2] != '\0')
            bench_usage(argv[0], default_ops);
        char *end;
        const char *v = argv[++i];
        long long x = strtoll(v, &end, 10);
        if (*end != '\0' || end == v)
            bench_usage(argv[0], default_ops);
        switch (a[1]) {
        case 't':
            if (x < 1 || x > BENCH_MAX_THREADS)
                bench_usage(argv[0], default_ops);
            o.threads = (int)x;
            break;
        case 'n':
            if (x < 0)
                bench_usage(argv[0], default_ops);
            o.ops = (long)x;
            break;
        case 's':
            o.seed = (uint64_t)x ? (uint64_t)x : 1;
            break;
        default:
            bench_usage(argv[0], default_ops);
        }
    }
    return o;
}

/* Thread i's share of total operations over n threads. */
static inline long bench_share(long total, int n, int i)
{
    return total / n + (i < total % n ? 1 : 0);
}

/* Seeds th[0..n), starts n threads running fn(&th[i]), opens the start
 * gate and joins them.  Returns the seconds of the threaded phase. */
static double bench_run(const bench_opts_t *o, void *(*fn)(void *), bench_thread_t *th)
{
    static pthread_t tid[BENCH_MAX_THREADS];
    int n = o->threads;
    pthread_barrier_init(&bench_gate, NULL, (unsigned)n + 1);
    for (int i = 0; i < n; i++) {
        memset(&th[i], 0, sizeof th[i]);
        th[i].id = i;
        th[i].nthreads = n;
        th[i].ops = bench_share(o->ops, n, i);
        th[i].rng = (o->seed * (uint64_t)(i + 1)) | 1;
        if (pthread_create(&tid[i], NULL, fn, &th[i]) != 0) {
            printf("FAIL: pthread_create\n");
            exit(1);
        }
    }
    double t0 = bench_now();
    pthread_barrier_wait(&bench_gate);
    for (int i = 0; i < n; i++)
        pthread_join(tid[i], NULL);
    double t1 = bench_now();
    pthread_barrier_destroy(&bench_gate);
    return t1 - t0;
}

static inline void bench_report(long total_ops, double seconds, int threads, const char *extra)
{
    printf("ops=%ld seconds=%.9f threads=%d check=ok%s%s\n", total_ops, seconds, threads,
           extra && *extra ? " " : "", extra ? extra : "");
}

#endif /* ATOMICC_BENCH_H */
