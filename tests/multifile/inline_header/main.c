/*
 * inline_header - C99 `inline` and `static inline` functions of a header,
 * called inside atomic blocks.
 *
 * pool.h defines inline functions with external linkage (one of them holds
 * a block, one retries, one is called through a pointer) and static inline
 * ones; every unit includes it, so every unit has its own inline
 * definition of each, and pool.c has the external definitions (`extern
 * inline`).  Transactional clones must follow the same rule, or the link
 * sees a clone defined in every unit.  Movers move units between slots in
 * slot_move's own block; a producer adds units to a reserve that takers
 * drain with slot_take, which waits (retry) while it is empty; a checker
 * sums every slot in one block, through static inline slot_sum() and
 * through a pointer to slot_units(), and the total must always be the
 * initial units plus what was produced.
 */
// EXPECT: units: 21600
// EXPECT: reserve: 0
// EXPECT: conserved: ok
// LEGAL: global pervar stm

#include <pthread.h>
#include <stdio.h>
#include "pool.h"

#define ITERS 20000
#define TAKE  (ITERS / 2)       /* per taker: the producer makes 2 * TAKE */

static pthread_barrier_t gate;
static long bad;
static long (*units_of)(const struct slot *) = slot_units;

static void *move_main(void *arg)
{
    pthread_barrier_wait(&gate);
    mover((long)arg, ITERS);
    return NULL;
}

static void *take_main(void *arg)
{
    pthread_barrier_wait(&gate);
    taker((long)arg, TAKE);
    return NULL;
}

static void *produce_main(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&gate);
    producer(2 * TAKE);
    return NULL;
}

static void *check_main(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&gate);
    for (int i = 0; i < ITERS / 10; i++) {
        atomic {
            long by_pointer = 0;
            for (int k = 0; k < NSLOT; k++)
                by_pointer += units_of(&slots[k]);
            if (slot_sum() != by_pointer || by_pointer + slot_units(&reserve) != NSLOT * INITIAL + produced)
                bad++;
        }
    }
    return NULL;
}

int main(void)
{
    pthread_t t[6];
    pool_init();
    pthread_barrier_init(&gate, NULL, 6);
    pthread_create(&t[0], NULL, move_main, (void *)0L);
    pthread_create(&t[1], NULL, move_main, (void *)7L);
    pthread_create(&t[2], NULL, take_main, (void *)0L);
    pthread_create(&t[3], NULL, take_main, (void *)5L);
    pthread_create(&t[4], NULL, produce_main, NULL);
    pthread_create(&t[5], NULL, check_main, NULL);
    for (int i = 0; i < 6; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&gate);
    printf("units: %ld\n", slot_sum());
    printf("reserve: %ld\n", slot_units(&reserve));
    printf("conserved: %s\n", bad ? "BROKEN" : "ok");
    return 0;
}
