/*
 * sorted_set - a library set whose order is a function-pointer field.
 *
 * Set `up` gets `up.cmp = by_value` (assigned once, here); set `down` is
 * set_init_cmp(&down, by_reverse).  Both functions live in keys.c and are
 * called through s->cmp inside set.c's atomic blocks.  Each thread owns
 * 12 of the 48 keys and moves each of them between the sets an odd number
 * of times (remove from one and insert into the other in one block that
 * nests the library's blocks), so all end in `down`; it also inserts and
 * removes a scratch key of its own.  Checker blocks require both lists
 * sorted and the key count conserved.
 */
// EXPECT: up: 0 down: 48
// EXPECT: down first: 47
// EXPECT: moves: 48048
// EXPECT: conserved: ok
// LEGAL: global pervar stm

#include <pthread.h>
#include <stdio.h>
#include "set.h"

#define THREADS 4
#define KEYS    48
#define ROUNDS  1001

static struct set up, down;
static long moves, extra, bad;
static pthread_barrier_t gate;

static void *worker(void *arg)
{
    long id = (long)arg;
    pthread_barrier_wait(&gate);
    for (int r = 0; r < ROUNDS; r++) {
        for (long k = id; k < KEYS; k += THREADS) {
            atomic {
                if (set_remove(&up, k))
                    set_insert(&down, k);
                else if (set_remove(&down, k))
                    set_insert(&up, k);
                else
                    bad++;
                moves++;
            }
        }
        atomic { extra += set_insert(&up, 1000 + id); }
        atomic { extra -= set_remove(&up, 1000 + id); }
        if (r % 8 == id) {
            atomic {
                long a = set_check(&up), b = set_check(&down);
                if (a < 0 || b < 0 || a + b != KEYS + extra)
                    bad++;
            }
        }
    }
    return NULL;
}

int main(void)
{
    set_init(&up);
    up.cmp = by_value;
    set_init_cmp(&down, by_reverse);
    for (long k = KEYS - 1; k >= 0; k--)
        set_insert(&up, k);
    pthread_t t[THREADS];
    pthread_barrier_init(&gate, NULL, THREADS);
    for (long i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&gate);
    printf("up: %ld down: %ld\n", set_check(&up), set_check(&down));
    printf("down first: %ld\n", set_first(&down));
    printf("moves: %ld\n", moves);
    printf("conserved: %s\n", bad || extra ? "BROKEN" : "ok");
    return 0;
}
