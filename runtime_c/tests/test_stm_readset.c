/* STM: a commit whose write set meets stripes changed since its snapshot
 * must tell the stripes it read (a conflict: abort) from blind writes (fine),
 * also when the read set is too large to scan (in_read_set's hash set).
 * 4 threads; each transaction reads 48 of 256 counters (a read set past the
 * scan limit), increments one it read, and overwrites one it did not read
 * (a blind write).  A commit that took a read stripe for a blind write would
 * publish an increment computed from a stale value: the counters' total then
 * falls short of the number of committed increments.  Blocks are written in
 * the compiler's lowered form (atomicc_stm.h). */
#include "atomicc_rt.h"
#include "atomicc_stm.h"
#include "test_common.h"

#include <sched.h>

#define NCOUNT 256
#define READS 48
#define THREADS 4
#define TXS (20000 / TEST_SCALE)

static long counter[NCOUNT];
static long scribble[NCOUNT];
static long committed[THREADS];
static pthread_barrier_t start;

static void *worker(void *arg)
{
    long id = (long)arg;
    unsigned s = (unsigned)id * 2654435761u + 11;
    pthread_barrier_wait(&start);
    for (long i = 0; i < TXS; i++) {
        unsigned first, k, blind;
        s = s * 1103515245u + 12345u;
        first = (s >> 8) % NCOUNT;
        s = s * 1103515245u + 12345u;
        k = (first + (s >> 8) % READS) % NCOUNT;          /* one of the counters read */
        blind = (s >> 20) % NCOUNT;
        {
            atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) =
                atomicc_stm_begin();
            atomicc_stm_restart_point(__atomicc_tx);
            {
                long sum = 0;
                for (unsigned r = 0; r < READS; r++)
                    sum += ATOMICC_TX_LOAD(__atomicc_tx, &counter[(first + r) % NCOUNT]);
                if ((i & 31) == 0)
                    sched_yield(); /* let others commit what this one read */
                ATOMICC_TX_UPDATE(__atomicc_tx, &counter[k], +, 1);
                ATOMICC_TX_STORE(__atomicc_tx, &scribble[blind], sum);
            }
        }
        committed[id]++;
    }
    return NULL;
}

int main(void)
{
    pthread_t t[THREADS];
    pthread_barrier_init(&start, NULL, THREADS);
    for (long i = 0; i < THREADS; i++)
        t[i] = test_spawn(worker, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    long total = 0, want = 0;
    for (int i = 0; i < NCOUNT; i++)
        total += counter[i];
    for (int i = 0; i < THREADS; i++)
        want += committed[i];
    CHECK(want == (long)THREADS * TXS);
    CHECK(total == want);
    unsigned long commits, aborts;
    atomicc_stm_stats(&commits, &aborts);
    CHECK(commits >= (unsigned long)want);
    puts("ok");
    return 0;
}
