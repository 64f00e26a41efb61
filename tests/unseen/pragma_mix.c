/*
 * pragma_mix.c - `#pragma atomicc strategy(...)` on some blocks.
 *
 * Four independent pieces of shared data, each forced to its own
 * strategy by a pragma on the line before its blocks (global, pervar,
 * stm, atomic-op), one piece left to the command line / auto, and a
 * pragma in front of a block that is the body of an `if` inside a
 * braced loop.  Every piece keeps its own invariant.
 */
// LEGAL: global pervar stm atomic-op
// EXPECT: global piece: 20000
// EXPECT: pervar piece: 0 20000
// EXPECT: stm piece: 20000 sorted
// EXPECT: atomic-op piece: 20000
// EXPECT: free piece: 10000

#include <pthread.h>
#include <stdio.h>

static long g_count;
static long pv_a = 20000, pv_b;
static long stm_vals[8];
static long op_hits;
static long free_count;

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    for (int i = 0; i < 5000; i++) {
#pragma atomicc strategy(global)
        atomic { g_count++; }

#pragma atomicc strategy(pervar)
        atomic {
            pv_a--;
            pv_b++;
        }

#pragma atomicc strategy(stm)
        atomic {
            int k = 7;
            stm_vals[k]++;                      /* keep the array sorted */
            while (k > 0 && stm_vals[k - 1] < stm_vals[k]) {
                stm_vals[k - 1]++;
                k--;
            }
        }

#pragma atomicc strategy(atomic-op)
        atomic { op_hits += 1; }

        if (id % 2 == 0) {
#pragma atomicc strategy(global)
            atomic { free_count++; }
        }
    }
    return NULL;
}

int main(void)
{
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("global piece: %ld\n", g_count);
    printf("pervar piece: %ld %ld\n", pv_a, pv_b);
    int sorted = 1;
    for (int k = 1; k < 8; k++)
        sorted &= stm_vals[k - 1] >= stm_vals[k];
    printf("stm piece: %ld %s\n", stm_vals[0], sorted ? "sorted" : "UNSORTED");
    printf("atomic-op piece: %ld\n", op_hits);
    printf("free piece: %ld\n", free_count);
    return 0;
}
