/*
 * thread_local.c - `__thread` (thread-private) variables in atomic blocks.
 *
 * Each thread keeps its own tally in __thread variables, updated in the
 * same blocks as the shared totals: they are private, so no strategy may
 * serialize, share or mix them up between threads, and a pointer to one
 * is handed to a helper called in the block.  Blocks that retry do not
 * touch them (whether a retry rolls back thread-locals is not tested).
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 30:5: its component is not a single integer location updated by one commutative operation, load or store in every block
// EXPECT: total: 40000
// EXPECT: tallies: 10000 10000 10000 10000
// EXPECT: private sums: ok
// EXPECT: waits: 4

#include <pthread.h>
#include <stdio.h>

static __thread long tally;
static __thread long private_sum;
static __thread int my_id = -1;
static long total, tallies[4], gate, passed;

static void note(long *p, long v) { *p += v; }

static void *worker(void *arg)
{
    long bad = 0;
    atomic { my_id = (int)(long)arg; }
    for (int i = 0; i < 10000; i++) {
        atomic {
            total++;
            tally++;
            note(&private_sum, my_id);
            tallies[my_id] = tally;
        }
    }
    if (private_sum != 10000L * my_id)
        bad++;
    atomic { gate++; }
    atomic {                            /* wait until every thread got here */
        if (gate < 4)
            retry;
        passed++;
    }
    atomic {
        if (private_sum != 10000L * my_id)
            bad++;
    }
    if (bad)
        printf("FAIL: thread %d saw %ld errors\n", my_id, bad);
    return NULL;
}

int main(void)
{
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("total: %ld\n", total);
    printf("tallies: %ld %ld %ld %ld\n", tallies[0], tallies[1], tallies[2], tallies[3]);
    printf("private sums: %s\n", tally == 0 && my_id == -1 ? "ok" : "BAD");
    printf("waits: %ld\n", passed);
    return 0;
}
