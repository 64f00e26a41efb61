/* bench_stm.c - micro-benchmark of strategy `stm` (not run by run.sh).
 *   gcc -O2 -I.. bench_stm.c ../[a-z]*.c -pthread -o bench_stm
 *   ./bench_stm [ops]            bank of 1,024 accounts, random transfers at
 *                                1, 2 and 8 threads: STM vs a pthread mutex
 *                                vs the `global` strategy (best of 7 runs)
 *   ./bench_stm reads N [plain]  one transaction reading N distinct words,
 *                                in normal mode (an idle second thread is
 *                                registered); for callgrind: the difference
 *                                of two N gives instructions per read (with
 *                                `plain`: the same loop with plain loads)
 *   ./bench_stm transfers N MODE N transfers at one thread, MODE solo,
 *                                normal or mutex (for callgrind:
 *                                instructions each)
 *   ./bench_stm list [ops]       sorted linked list, 512 of 1,024 keys, 20 %
 *                                updates: STM vs a pthread mutex
 * Build with -DATOMICC_STM_GLOBAL_CLOCK to compare the TL2 global clock. */
#include "atomicc_rt.h"
#include "atomicc_stm.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#define ACCOUNTS 1024
static long bank[ACCOUNTS];
static long ops_per_thread;
static pthread_mutex_t mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t bar;

enum { STM, MUTEX, GLOBAL, STM_NORMAL, NKINDS };
static const char *names[] = { "atomicc stm", "pthread mutex", "atomicc global",
                               "stm, no solo mode" };
static int kind;

static inline unsigned next(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

static __attribute__((noinline)) void transfer_stm(unsigned a, unsigned b)
{
    atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
    atomicc_stm_restart_point(__atomicc_tx);
    {
        if (ATOMICC_TX_LOAD(__atomicc_tx, &bank[a]) > 0) {
            ATOMICC_TX_UPDATE(__atomicc_tx, &bank[a], -, 1);
            ATOMICC_TX_UPDATE(__atomicc_tx, &bank[b], +, 1);
        }
    }
}

static __attribute__((noinline)) void transfer_mutex(unsigned a, unsigned b)
{
    pthread_mutex_lock(&mtx);
    if (bank[a] > 0) {
        bank[a] -= 1;
        bank[b] += 1;
    }
    pthread_mutex_unlock(&mtx);
}

static __attribute__((noinline)) void transfer_global(unsigned a, unsigned b)
{
    atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) =
        atomicc_global_enter();
    if (bank[a] > 0) {
        bank[a] -= 1;
        bank[b] += 1;
    }
}

static void *worker(void *arg)
{
    unsigned s = (unsigned)(long)arg * 2654435761u + 1;
    pthread_barrier_wait(&bar);
    for (long i = 0; i < ops_per_thread; i++) {
        unsigned a = next(&s) % ACCOUNTS, b = next(&s) % ACCOUNTS;
        switch (kind) {
        case STM:
        case STM_NORMAL: transfer_stm(a, b); break;
        case MUTEX: transfer_mutex(a, b); break;
        default: transfer_global(a, b); break;
        }
    }
    return NULL;
}

static pthread_t start_idle(void);
static void stop_idle(pthread_t t);

static double run(int k, int threads)
{
    pthread_t t[64], idle = 0;
    kind = k;
    if (k == STM_NORMAL)
        idle = start_idle(); /* a second registered thread: no solo mode */
    for (int i = 0; i < ACCOUNTS; i++)
        bank[i] = 100;
    pthread_barrier_init(&bar, NULL, (unsigned)threads + 1);
    for (long i = 0; i < threads; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    double t0 = now();
    pthread_barrier_wait(&bar);
    for (int i = 0; i < threads; i++)
        pthread_join(t[i], NULL);
    double dt = now() - t0;
    pthread_barrier_destroy(&bar);
    if (k == STM_NORMAL)
        stop_idle(idle);
    long sum = 0;
    for (int i = 0; i < ACCOUNTS; i++)
        sum += bank[i];
    if (sum != 100L * ACCOUNTS) {
        fprintf(stderr, "%s: total %ld\n", names[k], sum);
        exit(1);
    }
    return (double)ops_per_thread * threads / dt;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* ---- callgrind helpers ---------------------------------------------------- */

static pthread_mutex_t idle_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t idle_cv = PTHREAD_COND_INITIALIZER;
static int idle_state;

static void *idle_thread(void *arg)
{
    (void)arg;
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        (void)ATOMICC_TX_LOAD(__atomicc_tx, &bank[0]);
    }
    pthread_mutex_lock(&idle_mu);
    idle_state = 1;
    pthread_cond_broadcast(&idle_cv);
    while (idle_state != 2)
        pthread_cond_wait(&idle_cv, &idle_mu);
    idle_state = 0;
    pthread_mutex_unlock(&idle_mu);
    return NULL;
}

static pthread_t start_idle(void)
{
    pthread_t t;
    pthread_create(&t, NULL, idle_thread, NULL);
    pthread_mutex_lock(&idle_mu);
    while (idle_state != 1)
        pthread_cond_wait(&idle_cv, &idle_mu);
    pthread_mutex_unlock(&idle_mu);
    return t;
}

static void stop_idle(pthread_t t)
{
    pthread_mutex_lock(&idle_mu);
    idle_state = 2;
    pthread_cond_broadcast(&idle_cv);
    pthread_mutex_unlock(&idle_mu);
    pthread_join(t, NULL);
}

static long *words;

/* The same loop with plain loads, for the loop's own instructions. */
static __attribute__((noinline)) long plain_loop(long n)
{
    long sum = 0;
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        {
            sum = 0;
            for (long i = 0; i < n; i++) {
                sum += __atomic_load_n(&words[i], __ATOMIC_RELAXED);
                __asm__ volatile("" ::: "memory"); /* keep the loop a loop */
            }
        }
    }
    return sum;
}

static __attribute__((noinline)) long read_loop(long n)
{
    long sum = 0;
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        {
            sum = 0;
            for (long i = 0; i < n; i++)
                sum += ATOMICC_TX_LOAD(__atomicc_tx, &words[i]);
        }
    }
    return sum;
}

/* ---- sorted linked list ----------------------------------------------------- */

struct node {
    long key;
    struct node *next;
};
static struct node lhead = { -1, NULL };
#define LKEYS 1024

static __attribute__((noinline)) int list_stm(long k, int op)
{
    atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
    atomicc_stm_restart_point(__atomicc_tx);
    {
        struct node *prev = &lhead, *curr = ATOMICC_TX_LOAD(__atomicc_tx, &lhead.next);
        long key = 0;
        while (curr && (key = ATOMICC_TX_LOAD(__atomicc_tx, &curr->key)) < k) {
            prev = curr;
            curr = ATOMICC_TX_LOAD(__atomicc_tx, &curr->next);
        }
        int found = curr && key == k;
        if (op == 1 && !found) {
            struct node *n = atomicc_stm_malloc(__atomicc_tx, sizeof *n);
            ATOMICC_TX_STORE(__atomicc_tx, &n->key, k);
            ATOMICC_TX_STORE(__atomicc_tx, &n->next, curr);
            ATOMICC_TX_STORE(__atomicc_tx, &prev->next, n);
        } else if (op == 2 && found) {
            ATOMICC_TX_STORE(__atomicc_tx, &prev->next, ATOMICC_TX_LOAD(__atomicc_tx, &curr->next));
            atomicc_stm_free(__atomicc_tx, curr);
        }
        return found;
    }
}

static __attribute__((noinline)) int list_mutex(long k, int op)
{
    pthread_mutex_lock(&mtx);
    struct node *prev = &lhead, *curr = lhead.next;
    while (curr && curr->key < k) {
        prev = curr;
        curr = curr->next;
    }
    int found = curr && curr->key == k;
    if (op == 1 && !found) {
        struct node *n = malloc(sizeof *n);
        n->key = k;
        n->next = curr;
        prev->next = n;
    } else if (op == 2 && found) {
        prev->next = curr->next;
        free(curr);
    }
    pthread_mutex_unlock(&mtx);
    return found;
}

static void *list_worker(void *arg)
{
    unsigned s = (unsigned)(long)arg * 2654435761u + 1;
    pthread_barrier_wait(&bar);
    for (long i = 0; i < ops_per_thread; i++) {
        long k = next(&s) % LKEYS;
        unsigned r = next(&s) % 10;
        int op = r == 0 ? 1 : r == 1 ? 2 : 0;
        if (kind == MUTEX)
            list_mutex(k, op);
        else
            list_stm(k, op);
    }
    return NULL;
}

static double list_run(int k, int threads)
{
    pthread_t t[64];
    kind = k;
    for (struct node *n = lhead.next, *nx; n; n = nx) {
        nx = n->next;
        free(n);
    }
    lhead.next = NULL;
    for (long key = LKEYS - 2; key >= 0; key -= 2) {
        struct node *n = malloc(sizeof *n);
        n->key = key;
        n->next = lhead.next;
        lhead.next = n;
    }
    pthread_barrier_init(&bar, NULL, (unsigned)threads + 1);
    for (long i = 0; i < threads; i++)
        pthread_create(&t[i], NULL, list_worker, (void *)i);
    double t0 = now();
    pthread_barrier_wait(&bar);
    for (int i = 0; i < threads; i++)
        pthread_join(t[i], NULL);
    double dt = now() - t0;
    pthread_barrier_destroy(&bar);
    return (double)ops_per_thread * threads / dt;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "list") == 0) {
        ops_per_thread = argc > 2 ? atol(argv[2]) : 100000;
        printf("sorted list, 512 of %d keys, 20%% updates, %ld ops per thread, best of 5 "
               "(M ops/s)\n", LKEYS, ops_per_thread);
        int counts[] = { 1, 2, 8 };
        for (int ci = 0; ci < 3; ci++) {
            double med[2];
            for (int k = 0; k < 2; k++) {
                double r[5];
                for (int i = 0; i < 5; i++)
                    r[i] = list_run(k == 0 ? STM : MUTEX, counts[ci]);
                qsort(r, 5, sizeof r[0], cmp);
                med[k] = r[4];
            }
            printf("%d thread%s:  atomicc stm %.3f (%.2fx)  pthread mutex %.3f\n", counts[ci],
                   counts[ci] > 1 ? "s" : " ", med[0] / 1e6, med[0] / med[1], med[1] / 1e6);
        }
        printf("%s\n", atomicc_stm_stats_string());
        return 0;
    }
    if (argc > 2 && strcmp(argv[1], "reads") == 0) {
        long n = atol(argv[2]);
        words = calloc((size_t)n, sizeof *words);
        pthread_t t = start_idle();
        read_loop(1000); /* warm up: the read set has grown */
        long s = argc > 3 ? plain_loop(n) : read_loop(n);
        stop_idle(t);
        printf("reads %ld sum %ld\n", n, s);
        return 0;
    }
    if (argc > 3 && strcmp(argv[1], "transfers") == 0) {
        long n = atol(argv[2]);
        int normal = strcmp(argv[3], "normal") == 0;
        pthread_t t = 0;
        if (normal)
            t = start_idle();
        for (int i = 0; i < ACCOUNTS; i++)
            bank[i] = 100;
        unsigned s = 1;
        int mutex = strcmp(argv[3], "mutex") == 0;
        for (long i = 0; i < n; i++) {
            unsigned a = next(&s) % ACCOUNTS, b = next(&s) % ACCOUNTS;
            if (mutex)
                transfer_mutex(a, b);
            else
                transfer_stm(a, b);
        }
        if (normal)
            stop_idle(t);
        printf("transfers %ld %s\n", n, argv[3]);
        return 0;
    }

    ops_per_thread = argc > 1 ? atol(argv[1]) : 2000000;
#ifdef ATOMICC_STM_GLOBAL_CLOCK
    printf("(STM with the TL2 global clock)\n");
#endif
    printf("bank of %d accounts, %ld transfers per thread, best of 7 (M transfers/s)\n",
           ACCOUNTS, ops_per_thread);
    int counts[] = { 1, 2, 8 };
    for (int ci = 0; ci < 3; ci++) {
        int n = counts[ci];
        double med[NKINDS];
        for (int k = 0; k < NKINDS; k++) {
            double r[7];
            for (int i = 0; i < 7; i++)
                r[i] = run(k, n);
            qsort(r, 7, sizeof r[0], cmp);
            med[k] = r[6]; /* best of 7: this machine is shared */
        }
        printf("%d thread%s:", n, n > 1 ? "s" : " ");
        for (int k = 0; k < NKINDS; k++)
            printf("  %s %.2f (%.2fx)", names[k], med[k] / 1e6, med[k] / med[MUTEX]);
        printf("\n");
    }
    printf("%s\n", atomicc_stm_stats_string());
    return 0;
}
