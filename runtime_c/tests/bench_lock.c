/* bench_lock.c - micro-benchmark of strategy `global` (not run by run.sh).
 *   gcc -O2 -I.. bench_lock.c ../[a-z]*.c -pthread -o bench && ./bench [ops]
 * 1) single thread: ns per enter+leave vs pthread_mutex_lock+unlock and a
 *    test-and-test-and-set spinlock, in a process that never created a
 *    thread (glibc then skips atomics in its mutex) and after one existed;
 * 2) a bank of 1,024 accounts, random transfers, 1/2/8 threads: throughput
 *    of the same three locks (median of 5 runs). */
#include "atomicc_rt.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static pthread_mutex_t mtx = PTHREAD_MUTEX_INITIALIZER;
static int spin;

static __attribute__((noinline)) void spin_lock(void)
{
    while (__atomic_exchange_n(&spin, 1, __ATOMIC_ACQUIRE))
        while (__atomic_load_n(&spin, __ATOMIC_RELAXED))
            __builtin_ia32_pause();
}
static __attribute__((noinline)) void spin_unlock(void)
{
    __atomic_store_n(&spin, 0, __ATOMIC_RELEASE);
}

enum { GLOBAL, MUTEX, SPIN, NKINDS };
static const char *names[] = { "atomicc global", "pthread mutex", "spinlock" };

#define ACCOUNTS 1024
static long bank[ACCOUNTS];
static long ops_per_thread;
static int kind;

static void *worker(void *arg)
{
    unsigned s = (unsigned)(long)arg * 2654435761u + 1;
    for (long i = 0; i < ops_per_thread; i++) {
        s = s * 1103515245u + 12345u;
        unsigned a = (s >> 8) % ACCOUNTS;
        s = s * 1103515245u + 12345u;
        unsigned b = (s >> 8) % ACCOUNTS;
        switch (kind) {
        case GLOBAL: {
            atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) =
                atomicc_global_enter();
            bank[a] -= 1;
            bank[b] += 1;
            break;
        }
        case MUTEX:
            pthread_mutex_lock(&mtx);
            bank[a] -= 1;
            bank[b] += 1;
            pthread_mutex_unlock(&mtx);
            break;
        default:
            spin_lock();
            bank[a] -= 1;
            bank[b] += 1;
            spin_unlock();
        }
    }
    return NULL;
}

static double run_bank(int k, int nthreads, long total_ops)
{
    pthread_t t[64];
    kind = k;
    ops_per_thread = total_ops / nthreads;
    double t0 = now();
    for (int i = 0; i < nthreads; i++)
        pthread_create(&t[i], NULL, worker, (void *)(long)i);
    for (int i = 0; i < nthreads; i++)
        pthread_join(t[i], NULL);
    return (double)(ops_per_thread * nthreads) / (now() - t0);
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void *nothing(void *arg)
{
    return arg;
}

static void single_thread(long n, const char *when)
{
    double ns[NKINDS][7], bk[NKINDS][7];
    for (int rep = 0; rep < 7; rep++) {
        double t0 = now();
        for (long i = 0; i < n; i++) {
            atomicc_guard_t g = atomicc_global_enter();
            atomicc_global_leave(&g);
        }
        ns[GLOBAL][rep] = (now() - t0) * 1e9 / (double)n;
        t0 = now();
        for (long i = 0; i < n; i++) {
            pthread_mutex_lock(&mtx);
            pthread_mutex_unlock(&mtx);
        }
        ns[MUTEX][rep] = (now() - t0) * 1e9 / (double)n;
        t0 = now();
        for (long i = 0; i < n; i++) {
            spin_lock();
            spin_unlock();
        }
        ns[SPIN][rep] = (now() - t0) * 1e9 / (double)n;
        ops_per_thread = n / 4;
        for (int k = 0; k < NKINDS; k++) {
            kind = k;
            t0 = now();
            worker(NULL);   /* the bank, in this very thread */
            bk[k][rep] = (double)ops_per_thread / (now() - t0) / 1e6;
        }
    }
    printf("single thread, %s (median of 7 x %ld):\n", when, n);
    for (int k = 0; k < NKINDS; k++) {
        qsort(ns[k], 7, sizeof(double), cmp);
        qsort(bk[k], 7, sizeof(double), cmp);
        printf("  %-16s %6.2f ns per lock+unlock   bank %6.1f Mops/s\n", names[k], ns[k][3],
               bk[k][3]);
    }
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 20000000;
    single_thread(n, "no other thread ever created");
    pthread_t t;
    pthread_create(&t, NULL, nothing, NULL);
    pthread_join(t, NULL);
    single_thread(n, "after a thread was created");

    int threads[] = { 1, 2, 8 };
    long bank_ops = n / 2;
    printf("bank of %d accounts, %ld transfers, Mops/s (median of 5):\n", ACCOUNTS, bank_ops);
    for (int ti = 0; ti < 3; ti++) {
        double best_base = 0, res[NKINDS];
        for (int k = 0; k < NKINDS; k++) {
            double r[5];
            for (int rep = 0; rep < 5; rep++)
                r[rep] = run_bank(k, threads[ti], bank_ops);
            qsort(r, 5, sizeof(double), cmp);
            res[k] = r[2];
            if (k != GLOBAL && res[k] > best_base)
                best_base = res[k];
        }
        printf("  %d threads:", threads[ti]);
        for (int k = 0; k < NKINDS; k++)
            printf("  %s %.1f", names[k], res[k] / 1e6);
        printf("  -> global / best baseline = %.2f\n", res[GLOBAL] / best_base);
    }
    return 0;
}
