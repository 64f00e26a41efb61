/*
 * bitfield_lib - bit-fields of a library struct written in atomic blocks.
 *
 * pack.c's pk_step() carries lo into hi and bumps a 20-bit count; it is
 * called from blocks here and from pk_step_own()'s block.  Adjacent
 * fields share a word, so every step conflicts with every other on the
 * same pack.  Bit-field accesses keep the program off STM (the refusal
 * must point at a block even though the fields are touched in pack.c).
 */
// EXPECT: counts: 25000 25000 25000 25000
// EXPECT: lo/hi: 8/10 8/10 8/10 8/10
// EXPECT: sum: 150000
// EXPECT: consistent: ok
// LEGAL: global pervar

#include <pthread.h>
#include <stdio.h>
#include "pack.h"

#define THREADS 4
#define ITERS   25000

static long bad;
static pthread_barrier_t gate;

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    pthread_barrier_wait(&gate);
    for (int i = 0; i < ITERS; i++) {
        int k = (i + id) % 4;
        if (i % 2)
            pk_step_own(k, 1);
        else
            atomic { pk_step(&packs[k], 2); }
        if (i % 64 == id) {
            atomic {
                for (int j = 0; j < 4; j++)
                    bad += !pk_consistent(&packs[j]);
            }
        }
    }
    return NULL;
}

int main(void)
{
    pthread_t t[THREADS];
    pthread_barrier_init(&gate, NULL, THREADS);
    for (long i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&gate);
    printf("counts: %u %u %u %u\n", packs[0].count, packs[1].count, packs[2].count, packs[3].count);
    printf("lo/hi:");
    long sum = 0;
    for (int j = 0; j < 4; j++) {
        printf(" %u/%u", packs[j].lo, packs[j].hi);
        sum += packs[j].sum;
    }
    printf("\n");
    printf("sum: %ld\n", sum);
    printf("consistent: %s\n", bad ? "BROKEN" : "ok");
    return 0;
}
