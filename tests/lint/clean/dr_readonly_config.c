/*
 * dr_readonly_config.c -- near miss of data-race/heap_fields.c; pattern:
 * "read-only sharing: written before the threads start, only read after".
 *
 * main fills the global `struct config cfg` and a heap array `weights`
 * before creating any thread; the threads only read them.  Each thread
 * writes its own heap result cell `results[id]` (disjoint), which main
 * reads after the join loop.  After the joins main may write `cfg` again.
 * No finding.
// NEAR-MISS: data-race
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define N 3

struct config {
    int scale;
    int rounds;
};

static struct config cfg;
static int *weights;
static long *results;

static void *worker(void *arg)
{
    long id = (long)arg;
    long acc = 0;
    for (int r = 0; r < cfg.rounds; r++)
        acc += (long)weights[id] * cfg.scale;
    results[id] = acc;
    return NULL;
}

int main(void)
{
    pthread_t t[N];
    cfg.scale = 3;
    cfg.rounds = 10;
    weights = malloc(N * sizeof *weights);
    results = calloc(N, sizeof *results);
    if (!weights || !results)
        return 1;
    for (int i = 0; i < N; i++)
        weights[i] = i + 1;
    for (long i = 0; i < N; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < N; i++)
        pthread_join(t[i], NULL);
    cfg.scale = 0;
    long sum = 0;
    for (int i = 0; i < N; i++)
        sum += results[i];
    printf("%ld %d\n", sum, cfg.scale);
    free(weights);
    free(results);
    return 0;
}
