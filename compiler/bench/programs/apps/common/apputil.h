/* apputil.h - driver code shared by the bench/apps programs (bench/apps.py):
 * argument parsing, a private xorshift64* generator, thread start-up behind
 * a barrier, the clock, and the verdict line.  Everything is static inline
 * and there is no synchronisation here: each app's atomic blocks are its own.
 *
 * Every app accepts  -t THREADS  and  -n SIZE  (what SIZE counts is the
 * app's business; 0 or absent means its default) and prints
 *
 *   <check lines>
 *   time: <seconds of the parallel phase>
 *   verify: ok                      (exit 0)
 *   verify: FAILED <what>           (exit 1)
 */
#ifndef APPS_APPUTIL_H
#define APPS_APPUTIL_H

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define APP_MAX_THREADS 64

typedef struct app_opts {
    int threads;            /* -t */
    long size;              /* -n, 0: the app's default */
    uint64_t seed;          /* -s */
} app_opts_t;

/* xorshift64*: private to its owner, deterministic per seed. */
static inline uint64_t app_rand(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 2685821657736338717ULL;
}

/* A value in [0, n), n > 0. */
static inline long app_randn(uint64_t *s, long n)
{
    return (long)((app_rand(s) >> 11) % (uint64_t)n);
}

static inline uint64_t app_seed_for(uint64_t seed, int id)
{
    uint64_t x = seed ^ (0x9E3779B97F4A7C15ULL * (uint64_t)(id + 1));
    return x ? x : 0x2545F4914F6CDD1DULL;
}

static inline double app_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static inline void app_usage(const char *prog, const char *size_help)
{
    fprintf(stderr, "usage: %s [-t THREADS (1-%d)] [-n SIZE: %s] [-s SEED]\n", prog, APP_MAX_THREADS, size_help);
    exit(2);
}

static inline app_opts_t app_parse(int argc, char **argv, const char *size_help)
{
    app_opts_t o = { 2, 0, 20240611ULL };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc || a[0] != '-' || a[2] != '\0')
            app_usage(argv[0], size_help);
        char *end;
        const char *v = argv[++i];
        long long x = strtoll(v, &end, 10);
        if (*end != '\0' || end == v)
            app_usage(argv[0], size_help);
        switch (a[1]) {
        case 't':
            if (x < 1 || x > APP_MAX_THREADS)
                app_usage(argv[0], size_help);
            o.threads = (int)x;
            break;
        case 'n':
            if (x < 0)
                app_usage(argv[0], size_help);
            o.size = (long)x;
            break;
        case 's':
            o.seed = (uint64_t)x;
            break;
        default:
            app_usage(argv[0], size_help);
        }
    }
    return o;
}

/* Runs fn(arg + i * arg_size) on n threads that start together once every
 * thread exists (each waits on a start barrier before calling fn); returns
 * the seconds from the opening of the barrier to the last join. */
typedef struct app_start {
    void *(*fn)(void *);
    void *arg;
    pthread_barrier_t *barrier;
} app_start_t;

static inline void *app_trampoline(void *p)
{
    app_start_t *s = p;
    pthread_barrier_wait(s->barrier);
    return s->fn(s->arg);
}

static inline double app_run_threads(int n, void *(*fn)(void *), void *arg, size_t arg_size)
{
    pthread_t tid[APP_MAX_THREADS];
    app_start_t st[APP_MAX_THREADS];
    pthread_barrier_t barrier;
    pthread_barrier_init(&barrier, NULL, (unsigned)n + 1);
    for (int i = 0; i < n; i++) {
        st[i] = (app_start_t){ fn, (char *)arg + (size_t)i * arg_size, &barrier };
        if (pthread_create(&tid[i], NULL, app_trampoline, &st[i]) != 0) {
            printf("verify: FAILED pthread_create\n");
            exit(1);
        }
    }
    double t0 = app_now();
    pthread_barrier_wait(&barrier);
    for (int i = 0; i < n; i++)
        pthread_join(tid[i], NULL);
    double t1 = app_now();
    pthread_barrier_destroy(&barrier);
    return t1 - t0;
}

/* Records one check: prints "check <name>: ok" or "... FAILED (why)". */
typedef struct app_checks {
    int failed;
    char first[160];
} app_checks_t;

static inline void app_check(app_checks_t *c, int ok, const char *name, const char *fmt, ...)
{
    char why[160] = "";
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, sizeof why, fmt, ap);
        va_end(ap);
    }
    printf("check %s: %s%s%s%s\n", name, ok ? "ok" : "FAILED", *why ? " (" : "", why, *why ? ")" : "");
    if (!ok && !c->failed) {
        c->failed = 1;
        snprintf(c->first, sizeof c->first, "%s%s%s", name, *why ? ": " : "", why);
    }
}

/* Prints the time and the verdict; the exit status of main. */
static inline int app_finish(const app_checks_t *c, double seconds)
{
    printf("time: %.6f\n", seconds);
    if (c->failed) {
        printf("verify: FAILED %s\n", c->first);
        return 1;
    }
    printf("verify: ok\n");
    return 0;
}

static inline void *app_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        printf("verify: FAILED out of memory\n");
        exit(1);
    }
    return p;
}

#endif /* APPS_APPUTIL_H */
