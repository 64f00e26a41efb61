/* STM (1) bank transfers: 6 tellers move money between 64 accounts (high
 * contention) while 2 auditors sum all accounts in read-only transactions.
 * The total is checked INSIDE the auditors' transactions: with opacity even
 * an attempt that is doomed to abort never sees money in flight.  At the end
 * the total is conserved and the balances match a replay of the committed
 * transfers' per-account deltas.  Blocks are written in the compiler's
 * lowered form (atomicc_stm.h). */
#include "atomicc_rt.h"
#include "atomicc_stm.h"
#include "test_common.h"

#include <sched.h>

#define NACC 64
#define INITIAL 1000
#define TELLERS 6
#define AUDITORS 2
#define TRANSFERS (30000 / TEST_SCALE)
#define MAX_AUDITS (20000 / TEST_SCALE)

static long acct[NACC];
static long delta[TELLERS][NACC]; /* per teller, private */
static int stop;
static long audits, bad_audits;

static pthread_barrier_t start;

static void *teller(void *arg)
{
    long id = (long)arg;
    pthread_barrier_wait(&start);
    unsigned s = (unsigned)id * 2654435761u + 7;
    for (long i = 0; i < TRANSFERS; i++) {
        s = s * 1103515245u + 12345u;
        unsigned from = (s >> 8) % NACC;
        s = s * 1103515245u + 12345u;
        unsigned to = (s >> 8) % NACC;
        long amount = 1 + (long)((s >> 20) % 50);
        int moved = 0;
        {
            atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) =
                atomicc_stm_begin();
            atomicc_stm_restart_point(__atomicc_tx);
            {
                moved = 0; /* a local: reset by the block itself */
                if (ATOMICC_TX_LOAD(__atomicc_tx, &acct[from]) >= amount && from != to) {
                    if ((i & 63) == 0)
                        sched_yield(); /* let others commit in the middle */
                    ATOMICC_TX_UPDATE(__atomicc_tx, &acct[from], -, amount);
                    ATOMICC_TX_UPDATE(__atomicc_tx, &acct[to], +, amount);
                    moved = 1;
                }
            }
        }
        if (moved) {
            delta[id][from] -= amount;
            delta[id][to] += amount;
        }
    }
    return NULL;
}

static void *auditor(void *arg)
{
    (void)arg;
    long n = 0, bad = 0;
    while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE) && n < MAX_AUDITS) {
        long sum;
        {
            atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) =
                atomicc_stm_begin();
            atomicc_stm_restart_point(__atomicc_tx);
            {
                sum = 0;
                for (int i = 0; i < NACC; i++) {
                    long v = ATOMICC_TX_LOAD(__atomicc_tx, &acct[i]);
                    if (v < 0)
                        bad++; /* would be an inconsistent snapshot */
                    sum += v;
                }
                if (sum != (long)NACC * INITIAL)
                    bad++;
            }
        }
        n++;
    }
    __atomic_fetch_add(&audits, n, __ATOMIC_RELAXED);
    __atomic_fetch_add(&bad_audits, bad, __ATOMIC_RELAXED);
    return NULL;
}

int main(void)
{
    for (int i = 0; i < NACC; i++)
        acct[i] = INITIAL;
    pthread_t t[TELLERS], a[AUDITORS];
    pthread_barrier_init(&start, NULL, TELLERS);
    for (long i = 0; i < AUDITORS; i++)
        a[i] = test_spawn(auditor, (void *)i);
    for (long i = 0; i < TELLERS; i++)
        t[i] = test_spawn(teller, (void *)i);
    for (int i = 0; i < TELLERS; i++)
        pthread_join(t[i], NULL);
    __atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
    for (int i = 0; i < AUDITORS; i++)
        pthread_join(a[i], NULL);

    long total = 0;
    for (int i = 0; i < NACC; i++) {
        long expect = INITIAL;
        for (int k = 0; k < TELLERS; k++)
            expect += delta[k][i];
        CHECK(acct[i] == expect);
        CHECK(acct[i] >= 0);
        total += acct[i];
    }
    CHECK(total == (long)NACC * INITIAL);
    CHECK(bad_audits == 0);
    CHECK(audits > 0);
    unsigned long commits, aborts;
    atomicc_stm_stats(&commits, &aborts);
    /* exactly one commit per block run (the runtime derives the count from
     * the attempts and the aborts) */
    CHECK(commits == (unsigned long)TELLERS * TRANSFERS + (unsigned long)audits);
    if (getenv("STM_STATS")) fprintf(stderr, "%s audits=%ld\n", atomicc_stm_stats_string(), audits);
    printf("ok\n");
    return 0;
}
