/* harness.h - shared driver code of the native benchmark programs
 * (bench/native.py).  Every program, the Atomic C one and its hand-written
 * pthread baselines alike, uses the same argument parsing, random numbers,
 * thread start-up and timing from here, so the variants differ only in how
 * they synchronise.
 *
 *   PROG [ops-per-thread [threads]]
 *
 * prints one line
 *
 *   ops=<total operations> seconds=<threaded phase> threads=<n> check=ok ...
 *
 * and exits 0, or prints "FAIL: ..." and exits 1 when the program's
 * invariant does not hold after the run.  The clock (CLOCK_MONOTONIC) runs
 * from just before the start barrier opens to the last join: thread creation
 * and the set-up and verification of the data are not timed.
 */
#ifndef BENCH_HARNESS_H
#define BENCH_HARNESS_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define BENCH_MAX_THREADS 256

/* One worker's arguments and results, on its own cache lines. */
typedef struct bench_thread {
    int id;
    long ops;               /* operations this thread performs */
    uint64_t rng;           /* its private PRNG state (seeded from id) */
    long r0, r1, r2, r3;    /* results, meaning depends on the program */
    char pad[128 - 7 * 8];
} __attribute__((aligned(64))) bench_thread_t;

static pthread_barrier_t bench_barrier;

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
    pthread_barrier_wait(&bench_barrier);
}

static void bench_args(int argc, char **argv, long *ops, int *threads)
{
    *ops = argc > 1 ? atol(argv[1]) : 100000;
    *threads = argc > 2 ? atoi(argv[2]) : 2;
    if (*ops < 0 || *threads < 1 || *threads > BENCH_MAX_THREADS) {
        printf("FAIL: usage: %s [ops-per-thread>=0 [threads 1-%d]]\n", argv[0], BENCH_MAX_THREADS);
        exit(2);
    }
}

/* Seeds th[0..n), starts n threads running fn(&th[i]), opens the start
 * barrier and joins them.  Returns the seconds of the threaded phase. */
static double bench_run(int n, long ops, void *(*fn)(void *), bench_thread_t *th)
{
    pthread_t tid[BENCH_MAX_THREADS];
    pthread_barrier_init(&bench_barrier, NULL, (unsigned)n + 1);
    for (int i = 0; i < n; i++) {
        th[i] = (bench_thread_t){ .id = i, .ops = ops,
                                  .rng = 0x9E3779B97F4A7C15ULL * (uint64_t)(i + 1) };
        if (pthread_create(&tid[i], NULL, fn, &th[i]) != 0) {
            printf("FAIL: pthread_create\n");
            exit(1);
        }
    }
    double t0 = bench_now();
    pthread_barrier_wait(&bench_barrier);
    for (int i = 0; i < n; i++)
        pthread_join(tid[i], NULL);
    double t1 = bench_now();
    pthread_barrier_destroy(&bench_barrier);
    return t1 - t0;
}

static inline void bench_report(long total_ops, double seconds, int threads, const char *extra)
{
    printf("ops=%ld seconds=%.9f threads=%d check=ok%s%s\n", total_ops, seconds, threads,
           extra && *extra ? " " : "", extra ? extra : "");
}

#endif /* BENCH_HARNESS_H */
