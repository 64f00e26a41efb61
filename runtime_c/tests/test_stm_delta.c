/* STM deltas: `L += e;` as a statement on an 8-byte integer (ATOMICC_TX_ADD)
 * adds to the word at commit without reading it.  6 threads, released
 * together by a barrier, run overlapping transactions that
 *   - move money between cells: read the payer, then add to the payer and
 *     the payees (the payer's delta is on a word the attempt has read: a
 *     change in between must abort it);
 *   - add to hot counters without reading them (deltas of several threads
 *     on one word: none may be lost);
 *   - add to a word, then read it in the same attempt (the entry becomes a
 *     plain one: the word's value plus the addend), then store it;
 *   - add to 20 words (past the inline write set: its index, the general
 *     commit);
 *   - add to a word twice, store then add, add then store part of it, store
 *     part of it then add, add then memcpy over part of it (each a path of
 *     atomicc__stm_add or of the write set);
 *   - add to a 4-byte int and a double (not deltas: the ordinary update).
 * An auditor checks the cells' sum inside read-only transactions (opacity
 * while deltas are written back); at the end every value is what the
 * committed transactions make it.  Then the main thread, alone, does the
 * same adds (solo mode unless ATOMICC_SOLO=0).
 * Blocks are written in the compiler's lowered form (atomicc_stm.h). */
/* run.sh timeout: 30 */
#include "atomicc_rt.h"
#include "stm_test.h"
#include "test_common.h"

#include <stdint.h>
#include <string.h>

#define NCELL 16
#define INITIAL 1000
#define THREADS 6
#define ITERS (20000 / TEST_SCALE)
#define MAX_AUDITS (20000 / TEST_SCALE)
#define NHOT 2

static long cell[NCELL];
static long hot[NHOT];
static unsigned long reread[NHOT];
static int small_int;
static double real_sum;
/* per thread, only that thread writes it (a known result) */
static union {
    long l;
    int32_t half[2];
} own[THREADS];
#define NSPREAD 20
static long spread[NSPREAD];
static long hot_adds[THREADS][NHOT], reread_adds[THREADS][NHOT], int_adds[THREADS];
static long spread_runs[THREADS], spread_extra[THREADS][NSPREAD];
static long own_want[THREADS];
static int stop;
static long audits, bad_audits;
static pthread_barrier_t start;

/* own[id].l after the shape `kind` of partial access, from v (one thread) */
static long own_next(unsigned kind, long v)
{
    union { long l; int32_t half[2]; } u;
    u.l = v;
    switch (kind) {
    case 0: u.l += 3 + 4; break;                  /* add, add */
    case 1: u.l = 10 + 5; break;                  /* store, add */
    case 2: u.l += 9; u.half[0] = 7; break;       /* add, store the low half */
    case 3: u.half[1] = 2; u.l += 11; break;      /* store the high half, add */
    default: u.l -= 1; u.half[1] = 1; break;      /* add, memcpy the high half */
    }
    return u.l;
}

static void own_step(atomicc_tx_t *__atomicc_tx, long id, unsigned kind)
{
    int32_t one = 1;
    switch (kind) {
    case 0:
        ATOMICC_TX_ADD(__atomicc_tx, &own[id].l, +, 3);
        ATOMICC_TX_ADD(__atomicc_tx, &own[id].l, +, 4);
        break;
    case 1:
        ATOMICC_TX_STORE(__atomicc_tx, &own[id].l, 10);
        ATOMICC_TX_ADD(__atomicc_tx, &own[id].l, +, 5);
        break;
    case 2:
        ATOMICC_TX_ADD(__atomicc_tx, &own[id].l, +, 9);
        ATOMICC_TX_STORE(__atomicc_tx, &own[id].half[0], 7);
        break;
    case 3:
        ATOMICC_TX_STORE(__atomicc_tx, &own[id].half[1], 2);
        ATOMICC_TX_ADD(__atomicc_tx, &own[id].l, +, 11);
        break;
    default:
        ATOMICC_TX_ADD(__atomicc_tx, &own[id].l, -, 1);
        atomicc_stm_memcpy(__atomicc_tx, &own[id].half[1], &one, sizeof one);
        break;
    }
}

static void *worker(void *arg)
{
    long id = (long)arg;
    uint64_t s = 0x9E3779B97F4A7C15ull * (uint64_t)(id + 3);
    pthread_barrier_wait(&start);
    for (long i = 0; i < ITERS; i++) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        unsigned kind = (unsigned)(s % 8);
        unsigned c0 = (unsigned)(s >> 8) % NCELL, h = (unsigned)(s >> 16) % NHOT;
        long amount = 1 + (long)((s >> 20) % 9);
        if (kind <= 2) {
            /* c0 pays 2 * amount to the next two cells */
            unsigned c1 = (c0 + 1) % NCELL, c2 = (c0 + 5) % NCELL;
            TX_BEGIN
                if (ATOMICC_TX_LOAD(__atomicc_tx, &cell[c0]) >= 2 * amount) {
                    if ((i & 15) == 0)
                        sched_yield(); /* let another thread commit in between */
                    ATOMICC_TX_ADD(__atomicc_tx, &cell[c0], -, 2 * amount);
                    ATOMICC_TX_ADD(__atomicc_tx, &cell[c1], +, amount);
                    ATOMICC_TX_ADD(__atomicc_tx, &cell[c2], +, amount);
                }
            TX_END
        } else if (kind == 3) {
            TX_BEGIN
                ATOMICC_TX_ADD(__atomicc_tx, &hot[h], +, amount);
                ATOMICC_TX_ADD(__atomicc_tx, &hot[1 - h], +, 1);
            TX_END
            hot_adds[id][h] += amount;
            hot_adds[id][1 - h] += 1;
        } else if (kind == 4) {
            /* add, read back (a plain entry now), store: 2 in all */
            TX_BEGIN
                ATOMICC_TX_ADD(__atomicc_tx, &reread[h], +, 5);
                unsigned long v = ATOMICC_TX_LOAD(__atomicc_tx, &reread[h]);
                ATOMICC_TX_STORE(__atomicc_tx, &reread[h], v - 3);
            TX_END
            reread_adds[id][h] += 2;
        } else if (kind == 5) {
            unsigned shape = (unsigned)(s >> 24) % 5;
            TX_BEGIN
                own_step(__atomicc_tx, id, shape);
            TX_END
            own_want[id] = own_next(shape, own_want[id]);
        } else if (kind == 6) {
            TX_BEGIN
                ATOMICC_TX_ADD(__atomicc_tx, &small_int, +, 1);
                ATOMICC_TX_ADD(__atomicc_tx, &real_sum, +, 0.5);
            TX_END
            int_adds[id]++;
        } else {
            /* deltas on 20 words: past the inline write set (16 entries),
             * then through its hash index and the general commit */
            TX_BEGIN
                for (unsigned j = 0; j < NSPREAD; j++)
                    ATOMICC_TX_ADD(__atomicc_tx, &spread[j], +, 1);
                ATOMICC_TX_ADD(__atomicc_tx, &spread[c0 % NSPREAD], +, 1);
            TX_END
            spread_runs[id]++;
            spread_extra[id][c0 % NSPREAD]++;
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
        TX_END
        n++;
    }
    __atomic_store_n(&audits, n, __ATOMIC_RELAXED);
    __atomic_store_n(&bad_audits, bad, __ATOMIC_RELAXED);
    return NULL;
}

int main(void)
{
    test_bank_fill(cell, NCELL, INITIAL);
    pthread_barrier_init(&start, NULL, THREADS);
    stm_test_run(worker, THREADS, auditor, &stop);

    test_bank_check(cell, NCELL, INITIAL);
    long ints = 0;
    for (int h = 0; h < NHOT; h++) {
        long want = 0, want_re = 0;
        for (int i = 0; i < THREADS; i++) {
            want += hot_adds[i][h];
            want_re += reread_adds[i][h];
        }
        CHECK(hot[h] == want);
        CHECK(reread[h] == (unsigned long)want_re);
    }
    for (int i = 0; i < THREADS; i++) {
        CHECK(own[i].l == own_want[i]);
        ints += int_adds[i];
    }
    CHECK(small_int == ints && real_sum == 0.5 * (double)ints);
    for (int j = 0; j < NSPREAD; j++) {
        long want = 0;
        for (int i = 0; i < THREADS; i++)
            want += spread_runs[i] + spread_extra[i][j];
        CHECK(spread[j] == want);
    }
    CHECK(bad_audits == 0);
    CHECK(audits > 0);

    /* alone: the same shapes (solo mode, unless ATOMICC_SOLO=0) */
    long h0 = hot[0];
    for (unsigned shape = 0; shape < 5; shape++) {
        TX_BEGIN
            own_step(__atomicc_tx, 0, shape);
            ATOMICC_TX_ADD(__atomicc_tx, &hot[0], -, 2);
        TX_END
        own_want[0] = own_next(shape, own_want[0]);
        CHECK(own[0].l == own_want[0]);
    }
    CHECK(hot[0] == h0 - 10);
    puts("ok");
    return 0;
}
