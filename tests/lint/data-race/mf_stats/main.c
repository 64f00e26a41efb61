/*
 * main.c -- data-race/mf_stats, a two-file program (main.c, stats.c,
 * stats.h); pattern: "race across files: accessor bypassed".
 *
 * stats.c owns `long total` and guards it with `stats_lock` in
 * stats_add()/stats_get().  In this file the monitor thread reads the
 * external `total` directly (declared `extern` in stats.h) without taking
 * the lock, while the adder threads call stats_add(): data-race#1 between
 * the locked write in stats.c and the unlocked read here.  The monitor's
 * other read goes through stats_get(), which locks: not a race.  The
 * final print after all joins is ordered: not a race.
 */
#include <stdio.h>
#include "stats.h"

static void *adder(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++)
        stats_add(i);
    return NULL;
}

static void *monitor(void *arg)
{
    long peak = 0;
    (void)arg;
    for (int i = 0; i < 20; i++) {
        long now = total; // LINT: data-race#1
        long safe = stats_get();
        if (now > peak)
            peak = now;
        if (safe > peak)
            peak = safe;
    }
    return (void *)peak;
}

int main(void)
{
    pthread_t a1, a2, m;
    pthread_create(&a1, NULL, adder, NULL);
    pthread_create(&a2, NULL, adder, NULL);
    pthread_create(&m, NULL, monitor, NULL);
    pthread_join(a1, NULL);
    pthread_join(a2, NULL);
    pthread_join(m, NULL);
    printf("%ld\n", total);
    return 0;
}
