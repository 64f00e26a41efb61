/*
 * library_callback - atomic blocks that call a C library function atomicc
 * has no model of (qsort).  Such a call may touch whatever its pointer
 * arguments reach, and calls back the comparator it is given:
 *   compares: qsort's comparator counts its calls; another block counts directly
 *   pair:     qsort rewrites pair[]; another block adds to pair[1]
 *   solo:     one block, reachable from no call: still one atomic instruction
 * The blocks of each pair must share a conflict component and exclude each
 * other the same way.  Only the global lock is legal for the whole program.
 */
// EXPECT: compares: ok
// EXPECT: pair: 0 1600000
// EXPECT: solo: 800000
// LEGAL: global

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define THREADS 4
#define ITERS   400000

static long compares;
static long two[2] = {1, 2};
static long pair[2];
static long solo;
static pthread_barrier_t gate;

/* comparators that take their time: a block that runs one holds its data longer */
static void dawdle(void)
{
    for (volatile int k = 0; k < 16; k++)
        ;
}

static int count_compare(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    long c = compares;
    dawdle();
    compares = c + 1;
    return (x > y) - (x < y);
}

static int by_value(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    dawdle();
    return (x > y) - (x < y);
}

static void *worker(void *arg)
{
    long id = (long)arg;
    pthread_barrier_wait(&gate);
    for (long i = 0; i < ITERS; i++) {
        if ((i + id) % 2) {
            atomic { qsort(two, 2, sizeof two[0], count_compare); }
            atomic { qsort(pair, 2, sizeof pair[0], by_value); }
            atomic { solo++; }
        } else {
            atomic { compares++; }
            atomic { pair[1] += 2; }
        }
    }
    return NULL;
}

int main(void)
{
    pthread_t t[THREADS];
    /* how many comparisons the C library's qsort makes for two elements */
    qsort(two, 2, sizeof two[0], count_compare);
    long per_sort = compares;
    compares = 0;
    pthread_barrier_init(&gate, NULL, THREADS);
    for (long i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&gate);
    long want = THREADS * (ITERS / 2) * (per_sort + 1);
    printf("compares: %s\n", compares == want ? "ok" : "WRONG");
    if (compares != want)
        fprintf(stderr, "compares: %ld, want %ld\n", compares, want);
    printf("pair: %ld %ld\n", pair[0], pair[1]);
    printf("solo: %ld\n", solo);
    return 0;
}
