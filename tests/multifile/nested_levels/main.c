/*
 * nested_levels - atomic blocks nested through calls three files deep.
 *
 * A take block here moves 3 units out of `pool` and calls l1_take (its
 * own block, level1.c), which keeps one and calls l2_take (level2.c),
 * which keeps one and calls l3_take (level3.c).  Another take skips a
 * level: it updates l1 itself and calls l2_take.  A drain gives one back
 * from each level, deepest last.  Every outer block leaves l1 == l2 == l3
 * and pool + l1 + l2 + l3 == 900000, which checker blocks verify; inside
 * the nest those do not hold, so any interleaving shows.
 */
// EXPECT: pool: 720000
// EXPECT: levels: 60000 60000 60000
// EXPECT: consistent: ok
// LEGAL: global pervar stm

#include <pthread.h>
#include <stdio.h>
#include "levels.h"

#define THREADS 4
#define ITERS   30000
#define TOTAL   900000

long pool = TOTAL;
static long bad;
static pthread_barrier_t gate;

static void *worker(void *arg)
{
    long id = (long)arg;
    pthread_barrier_wait(&gate);
    for (int i = 0; i < ITERS; i++) {
        switch ((i + id) % 4) {
        case 0:
        case 1:
            atomic { pool -= 3; l1_take(3); }
            break;
        case 2:
            atomic { l1 += 1; pool -= 3; l2_take(2); }
            break;
        default:
            atomic { l1_drain(); pool += 3; }
            break;
        }
        if (i % 32 == 0) {
            atomic {
                if (pool + l1 + l2 + l3 != TOTAL || l1 != l2 || l2 != l3)
                    bad++;
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
    printf("pool: %ld\n", pool);
    printf("levels: %ld %ld %ld\n", l1, l2, l3);
    printf("consistent: %s\n", bad ? "BROKEN" : "ok");
    return 0;
}
