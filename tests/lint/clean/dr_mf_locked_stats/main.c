/*
 * main.c -- clean/dr_mf_locked_stats, a two-file program (main.c,
 * stats.c, stats.h); near miss of data-race/mf_stats; pattern: "lock
 * declared in another file, taken on every access".
 *
 * The monitor reads the external `total` directly, but takes the external
 * `stats_lock` (defined in stats.c) around the read, the same lock that
 * stats_add() holds for its write.  The final print is after all joins.
 * No finding.
// NEAR-MISS: data-race
// LINT-CLEAN
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
        pthread_mutex_lock(&stats_lock);
        long now = total;
        pthread_mutex_unlock(&stats_lock);
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
