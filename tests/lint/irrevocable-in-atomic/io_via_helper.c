/*
 * io_via_helper.c -- Atomic C; pattern: "I/O reached through a helper
 * called inside a block".
 *
 * record() is called inside the atomic block of add_sample(); record()
 * writes a line to stderr with fputs.  irrevocable-in-atomic#1, tagged at
 * the fputs call and at the call of record() inside the block.
 * summarize() is called outside any block and also uses fputs: not a
 * finding.
 */
#include <pthread.h>
#include <stdio.h>

static long samples, sum;

static void record(long v)
{
    if (v > 90)
        fputs("high sample\n", stderr); // LINT: irrevocable-in-atomic#1
}

static void add_sample(long v)
{
    atomic {
        samples++;
        sum += v;
        record(v); // LINT: irrevocable-in-atomic#1
    }
}

static void summarize(void)
{
    fputs("summary\n", stderr);
}

static void *sampler(void *arg)
{
    (void)arg;
    for (long i = 0; i < 100; i++)
        add_sample(i);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, sampler, NULL);
    pthread_create(&b, NULL, sampler, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    summarize();
    return 0;
}
