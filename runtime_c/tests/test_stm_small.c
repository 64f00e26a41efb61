/* STM (small write sets): the commit of up to 4 written words runs its own
 * path (commit_small in stm.c).  6 threads, released together by a barrier,
 * run overlapping transactions that write
 *   - 2 to 5 words of a shared array (5: the general commit), moving money
 *     so that the sum is conserved; the read set also holds a word that is
 *     only read (validated, not locked);
 *   - one half of an 8-byte word (a partial write-back), or both halves;
 *   - two words that share one versioned lock (8 MiB apart);
 *   - one word without reading it first (a blind write);
 *   - one of two words, the other only read, keeping their sum >= 0 (write
 *     skew: only the validation of the word read keeps that).
 * An auditor checks the sums inside read-only transactions (opacity); at the
 * end every sum and count is what the committed transactions make it.
 * Blocks are written in the compiler's lowered form (atomicc_stm.h). */
#include "atomicc_rt.h"
#include "stm_test.h"
#include "test_common.h"

#include <stdint.h>

#define NCELL 24
#define INITIAL 1000
#define THREADS 6
#define ITERS (20000 / TEST_SCALE)
#define MAX_AUDITS (20000 / TEST_SCALE)
#define FAR_WORDS ((size_t)1 << ATOMICC_STM_LOCK_BITS) /* one lock table apart */

static long cell[NCELL];
static struct {
    int lo, hi;
} __attribute__((aligned(8))) pair[4];
static long *far; /* far[0] and far[FAR_WORDS] share a versioned lock */
static long blind[4];
#define NSKEW 4
static long skew[2 * NSKEW]; /* skew[2j] + skew[2j+1] >= 0 */
static long halves_lo[THREADS], halves_hi[THREADS]; /* per thread, private */
static int stop;
static long audits, bad_audits;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    long id = (long)arg;
    uint64_t s = 0x9E3779B97F4A7C15ull * (uint64_t)(id + 1);
    pthread_barrier_wait(&start);
    for (long i = 0; i < ITERS; i++) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        unsigned kind = (unsigned)(s % 9);
        unsigned c0 = (unsigned)(s >> 8) % NCELL;
        long amount = 1 + (long)((s >> 20) % 7);
        if (kind <= 3) {
            /* k = kind + 2 distinct cells: c0 pays (k - 1) * amount, each of
             * the others gets amount; cell ro is only read */
            unsigned k = kind + 2;
            unsigned ro = (c0 + NCELL / 2) % NCELL;
            TX_BEGIN
                long seen = ATOMICC_TX_LOAD(__atomicc_tx, &cell[ro]);
                if (seen >= 0 && ATOMICC_TX_LOAD(__atomicc_tx, &cell[c0]) >= (long)(k - 1) * amount) {
                    ATOMICC_TX_UPDATE(__atomicc_tx, &cell[c0], -, (long)(k - 1) * amount);
                    for (unsigned j = 1; j < k; j++)
                        ATOMICC_TX_UPDATE(__atomicc_tx, &cell[(c0 + j) % NCELL], +, amount);
                }
            TX_END
        } else if (kind == 4) {
            unsigned x = (unsigned)(s >> 12) % 4;
            int both = (s >> 16) & 1;
            TX_BEGIN
                ATOMICC_TX_UPDATE(__atomicc_tx, &pair[x].lo, +, 1);
                if (both)
                    ATOMICC_TX_UPDATE(__atomicc_tx, &pair[x].hi, +, 1);
            TX_END
            halves_lo[id]++;
            halves_hi[id] += both;
        } else if (kind == 5) {
            unsigned x = (unsigned)(s >> 12) % 4;
            TX_BEGIN
                ATOMICC_TX_UPDATE(__atomicc_tx, &pair[x].hi, +, 1);
            TX_END
            halves_hi[id]++;
        } else if (kind == 6) {
            /* two words, one lock: move amount from one to the other */
            int dir = (s >> 12) & 1;
            long *a = dir ? &far[0] : &far[FAR_WORDS];
            long *b = dir ? &far[FAR_WORDS] : &far[0];
            TX_BEGIN
                if (ATOMICC_TX_LOAD(__atomicc_tx, a) >= amount) {
                    ATOMICC_TX_UPDATE(__atomicc_tx, a, -, amount);
                    ATOMICC_TX_UPDATE(__atomicc_tx, b, +, amount);
                }
            TX_END
        } else if (kind == 8) {
            /* withdraw from one word of a pair if the pair's sum allows */
            unsigned j = (unsigned)(s >> 12) % NSKEW, side = (s >> 16) & 1;
            TX_BEGIN
                long mine = ATOMICC_TX_LOAD(__atomicc_tx, &skew[2 * j + side]);
                long other = ATOMICC_TX_LOAD(__atomicc_tx, &skew[2 * j + 1 - side]);
                if ((i & 7) == 0)
                    sched_yield(); /* let another thread commit in between */
                if (mine + other >= amount)
                    ATOMICC_TX_STORE(__atomicc_tx, &skew[2 * j + side], mine - amount);
                else
                    ATOMICC_TX_STORE(__atomicc_tx, &skew[2 * j + side], mine + 3 * amount);
            TX_END
        } else {
            /* a blind write next to a transfer between two cells */
            unsigned x = (unsigned)(s >> 12) % 4;
            unsigned c1 = (c0 + 1) % NCELL;
            TX_BEGIN
                ATOMICC_TX_STORE(__atomicc_tx, &blind[x], id * 1000000 + i);
                if (ATOMICC_TX_LOAD(__atomicc_tx, &cell[c0]) >= amount) {
                    ATOMICC_TX_UPDATE(__atomicc_tx, &cell[c0], -, amount);
                    ATOMICC_TX_UPDATE(__atomicc_tx, &cell[c1], +, amount);
                }
            TX_END
        }
    }
    return NULL;
}

static void *auditor(void *arg)
{
    (void)arg;
    long n = 0, bad = 0;
    while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE) && n < MAX_AUDITS) {
        TX_BEGIN
            bad += tx_audit_cells(__atomicc_tx, cell, NCELL, (long)NCELL * INITIAL);
            long f = ATOMICC_TX_LOAD(__atomicc_tx, &far[0]) + ATOMICC_TX_LOAD(__atomicc_tx, &far[FAR_WORDS]);
            if (f != 2 * INITIAL)
                bad++;
            for (int j = 0; j < NSKEW; j++)
                if (ATOMICC_TX_LOAD(__atomicc_tx, &skew[2 * j]) + ATOMICC_TX_LOAD(__atomicc_tx, &skew[2 * j + 1]) < 0)
                    bad++;
        TX_END
        n++;
    }
    __atomic_store_n(&audits, n, __ATOMIC_RELAXED);
    __atomic_store_n(&bad_audits, bad, __ATOMIC_RELAXED);
    return NULL;
}

int main(void)
{
    far = calloc(FAR_WORDS + 1, sizeof(long));
    CHECK(far != NULL);
    far[0] = far[FAR_WORDS] = INITIAL;
    test_bank_fill(cell, NCELL, INITIAL);
    pthread_barrier_init(&start, NULL, THREADS);
    stm_test_run(worker, THREADS, auditor, &stop);

    test_bank_check(cell, NCELL, INITIAL);
    CHECK(far[0] >= 0 && far[FAR_WORDS] >= 0 && far[0] + far[FAR_WORDS] == 2 * INITIAL);
    long lo = 0, hi = 0, want_lo = 0, want_hi = 0;
    for (int i = 0; i < 4; i++) {
        lo += pair[i].lo;
        hi += pair[i].hi;
    }
    for (int i = 0; i < THREADS; i++) {
        want_lo += halves_lo[i];
        want_hi += halves_hi[i];
    }
    CHECK(lo == want_lo && hi == want_hi);
    for (int j = 0; j < NSKEW; j++)
        CHECK(skew[2 * j] + skew[2 * j + 1] >= 0);
    for (int i = 0; i < 4; i++)
        CHECK(blind[i] == 0 || (blind[i] % 1000000 < ITERS && blind[i] / 1000000 < THREADS));
    CHECK(bad_audits == 0);
    CHECK(audits > 0);
    free(far);
    puts("ok");
    return 0;
}
