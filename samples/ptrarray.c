/*
 * ptrarray.c - warehouse bins reached through an array of pointers (Atomic C).
 *
 * slots[] holds pointers to NBINS heap-allocated bins; each bin keeps its
 * stock and the number of units shipped from it, and stock + shipped is
 * always INITIAL.  Pickers ship units in two ways:
 *   - a sweep over every bin, updating it through the array inside the
 *     block: `atomic { slots[i]->stock -= d; ... }`.  slots[i] is a memory
 *     read inside the block, so the bin is not known at block entry;
 *   - random picks that load the pointer first: `bin_t *b = slots[k];
 *     atomic { b->stock -= d; ... }`, where the bin is known at entry.
 * Now and then a picker audits every bin in one block.  The array itself is
 * filled before the threads start and never changes.  Every picker keeps a
 * private tally per bin, so the final totals are deterministic.
 *
 * Usage: ptrarray [rounds-per-picker]   (default 2000)
 */
// LEGAL: global pervar stm
// EXPECT: bins: 64
// EXPECT: shipped: 3580329
// EXPECT: checksum: 116352056
// EXPECT: audits: all balanced

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NBINS       64
#define NPICKERS    4
#define PICKS       64          /* random picks per round */
#define AUDIT_EVERY 16          /* rounds */
#define INITIAL     100000000L

typedef struct bin {
    long stock;
    long shipped;
} bin_t;

typedef struct picker {
    long rounds;
    uint64_t rng;
    unsigned long bad_audits;
    long tally[NBINS];          /* units this picker shipped from each bin */
} picker_t;

static bin_t *slots[NBINS];

static unsigned next_rand(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)(*s >> 33);
}

static void *picker_main(void *arg)
{
    picker_t *p = arg;
    for (long r = 0; r < p->rounds; r++) {
        for (int i = 0; i < NBINS; i++) {                   /* sweep */
            long d = 1 + next_rand(&p->rng) % 4;
            atomic {
                slots[i]->stock -= d;
                slots[i]->shipped += d;
            }
            p->tally[i] += d;
        }
        for (int j = 0; j < PICKS; j++) {                   /* random picks */
            int k = (int)(next_rand(&p->rng) % NBINS);
            long d = 1 + next_rand(&p->rng) % 8;
            bin_t *b = slots[k];
            atomic {
                b->stock -= d;
                b->shipped += d;
            }
            p->tally[k] += d;
        }
        if (r % AUDIT_EVERY == AUDIT_EVERY - 1) {
            int unbalanced = 0;
            atomic {
                for (int i = 0; i < NBINS; i++)
                    if (slots[i]->stock + slots[i]->shipped != INITIAL)
                        unbalanced++;
            }
            p->bad_audits += unbalanced != 0;
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    long rounds = argc > 1 ? atol(argv[1]) : 2000;
    static picker_t pickers[NPICKERS];
    pthread_t tid[NPICKERS];

    for (int i = 0; i < NBINS; i++) {
        slots[i] = malloc(sizeof *slots[i]);
        if (slots[i] == NULL) {
            printf("FAIL: out of memory\n");
            return 1;
        }
        *slots[i] = (bin_t){ .stock = INITIAL, .shipped = 0 };
    }
    for (int t = 0; t < NPICKERS; t++) {
        pickers[t].rounds = rounds;
        pickers[t].rng = 0xDA942042E4DD58B5ULL ^ (uint64_t)t;
        if (pthread_create(&tid[t], NULL, picker_main, &pickers[t]) != 0) {
            printf("FAIL: pthread_create\n");
            return 1;
        }
    }
    unsigned long bad_audits = 0;
    for (int t = 0; t < NPICKERS; t++) {
        pthread_join(tid[t], NULL);
        bad_audits += pickers[t].bad_audits;
    }

    long shipped = 0, checksum = 0;
    for (int i = 0; i < NBINS; i++) {
        long expected = 0;
        for (int t = 0; t < NPICKERS; t++)
            expected += pickers[t].tally[i];
        if (slots[i]->shipped != expected || slots[i]->stock + slots[i]->shipped != INITIAL) {
            printf("FAIL: bin %d shipped %ld (expected %ld), stock %ld\n", i, slots[i]->shipped,
                   expected, slots[i]->stock);
            return 1;
        }
        shipped += slots[i]->shipped;
        checksum += (i + 1) * slots[i]->shipped;
    }
    printf("bins: %d\n", NBINS);
    printf("shipped: %ld\n", shipped);
    printf("checksum: %ld\n", checksum);
    if (bad_audits != 0) {
        printf("FAIL: %lu audits saw an unbalanced bin\n", bad_audits);
        return 1;
    }
    printf("audits: all balanced\n");
    for (int i = 0; i < NBINS; i++)
        free(slots[i]);
    return 0;
}
