/* (ATOMICC_SOLO=0) The environment switch that turns solo mode off (see the
 * top of atomicc_rt.h).  The test runs twice in one process image:
 *   1. as started (ATOMICC_SOLO unset, or anything but "0"): one thread's
 *      blocks of every strategy run solo: a `global` block leaves the lock
 *      word alone and holds busy, `pervar` blocks (enter1, enter2, the
 *      generic entry with a class lock) touch no lock word, an `stm` block
 *      runs solo (atomicc_stm_solo) and its commit leaves the versioned
 *      lock untouched;
 *   2. then it sets ATOMICC_SOLO=0 and execs itself: the same single-thread
 *      blocks now take the real path: the global lock word is held inside
 *      the block, the pervar lock words are held in the requested modes,
 *      the stm block is a transaction whose commit writes the versioned
 *      lock; two threads then increment counters under every strategy and
 *      lose no update.
 * The blocks are written as the compiler lowers them. */
#include "atomicc_rt.h"
#include "atomicc_stm.h"
#include "test_common.h"

#include <string.h>
#include <unistd.h>

#define COUNT_MASK (ATOMICC__PV_SOLO_OFF - 1u)

static long g_counter;           /* `global` blocks */
static long p_counter;           /* `pervar` blocks (enter1) */
static long p_pair[2];           /* `pervar` blocks (enter2) */
static long p_cls[4];            /* `pervar`, class IX + stripes */
static long s_counter;           /* `stm` blocks */
#define CLASS_SLOT 9u

static unsigned word_of_addr(const void *p)
{
    return __atomic_load_n(&atomicc__pv_table[ATOMICC_PV_CLASSES + atomicc_pv_stripe(p)].word,
                           __ATOMIC_SEQ_CST);
}

static unsigned word_of_class(unsigned slot)
{
    return __atomic_load_n(&atomicc__pv_table[slot].word, __ATOMIC_SEQ_CST);
}

static unsigned busy(void)
{
    return __atomic_load_n(&atomicc__pv_solo.busy, __ATOMIC_SEQ_CST);
}

static atomicc__stm_word_t stm_lock_of(const void *p)
{
    return __atomic_load_n(
        &atomicc__stm_locks[((__UINTPTR_TYPE__)p >> 3) & ((1u << ATOMICC_STM_LOCK_BITS) - 1)],
        __ATOMIC_SEQ_CST);
}

/* ---- one thread: which path does each kind of block take? ----------------- */

static void global_block(int solo)
{
    atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter();
    {
        CHECK(atomicc__gthread.solo == solo);
        CHECK(__atomic_load_n(&atomicc__glock.word, __ATOMIC_SEQ_CST) == (solo ? 0u : 1u));
        CHECK(busy() == (unsigned)solo);
        {   /* nested: joins, changes nothing */
            atomicc_guard_t __atomicc_g2 __attribute__((cleanup(atomicc_global_leave))) =
                atomicc_global_enter();
            CHECK(__atomicc_g2.depth == 2);
            CHECK(__atomic_load_n(&atomicc__glock.word, __ATOMIC_SEQ_CST) == (solo ? 0u : 1u));
        }
        g_counter++;
    }
}

static void pervar_blocks(int solo)
{
    {
        atomicc_pv_t __atomicc_pv1 __attribute__((cleanup(atomicc_pv_leave)));
        atomicc_pv_enter1(&__atomicc_pv1, (const void *)&p_counter, ATOMICC_W);
        {
            CHECK(__atomicc_pv1.fast == (solo ? ATOMICC__PV_SOLO : ATOMICC__PV_LOCKS));
            CHECK(word_of_addr(&p_counter) == (solo ? 0u : 0x80000000u));
            CHECK(busy() == (unsigned)solo);
            p_counter++;
        }
    }
    {
        atomicc_pv_t __atomicc_pv2 __attribute__((cleanup(atomicc_pv_leave)));
        atomicc_pv_enter2(&__atomicc_pv2, (const void *)&p_pair[0], ATOMICC_W, (const void *)&p_pair[1],
                          ATOMICC_R);
        {
            int same = atomicc_pv_stripe(&p_pair[0]) == atomicc_pv_stripe(&p_pair[1]);
            if (solo) {
                CHECK(__atomicc_pv2.fast == ATOMICC__PV_SOLO);
                CHECK(word_of_addr(&p_pair[0]) == 0 && word_of_addr(&p_pair[1]) == 0);
            } else {
                CHECK(__atomicc_pv2.fast != ATOMICC__PV_SOLO);
                CHECK(word_of_addr(&p_pair[0]) == 0x80000000u);
                CHECK(word_of_addr(&p_pair[1]) == (same ? 0x80000000u : 1u << 20));
            }
            p_pair[0] += p_pair[1] + 1;
        }
    }
    {   /* the generic entry: a class lock and more than two requests */
        atomicc_pv_t __atomicc_pv3 __attribute__((cleanup(atomicc_pv_leave)));
        atomicc_pv_init(&__atomicc_pv3);
        atomicc_pv_class(&__atomicc_pv3, CLASS_SLOT, ATOMICC_IX);
        for (int i = 0; i < 4; i++)
            atomicc_pv_addr(&__atomicc_pv3, (const void *)&p_cls[i], ATOMICC_W);
        atomicc_pv_enter(&__atomicc_pv3);
        {
            CHECK((__atomicc_pv3.fast == ATOMICC__PV_SOLO) == solo);
            CHECK(word_of_class(CLASS_SLOT) == 0); /* intentions are announced per thread */
            CHECK(atomicc__pv_class_intents(CLASS_SLOT, ATOMICC_IX) == (solo ? 0u : 1u));
            for (int i = 0; i < 4; i++) {
                CHECK((word_of_addr(&p_cls[i]) != 0) == !solo);
                p_cls[i]++;
            }
        }
    }
    CHECK(word_of_addr(&p_counter) == 0 && word_of_class(CLASS_SLOT) == 0);
    CHECK(atomicc__pv_class_intents(CLASS_SLOT, ATOMICC_IX) == 0);
    CHECK(busy() == 0);
}

static void stm_block(int solo)
{
    atomicc__stm_word_t before = stm_lock_of(&s_counter);
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        if (atomicc_stm_solo(__atomicc_tx)) {
            CHECK(solo);
            s_counter++;
        } else {
            CHECK(!solo);
            ATOMICC_TX_STORE(__atomicc_tx, &s_counter, ATOMICC_TX_LOAD(__atomicc_tx, &s_counter) + 1);
        }
    }
    /* a solo commit writes in place; a transaction's commit bumps the
     * versioned lock of every word it wrote */
    CHECK((stm_lock_of(&s_counter) != before) == !solo);
}

static void single_thread(int solo)
{
    global_block(solo);
    pervar_blocks(solo);
    unsigned n = __atomic_load_n(&atomicc__pv_solo.n, __ATOMIC_SEQ_CST);
    CHECK((n & COUNT_MASK) == 1);
    CHECK((n & ATOMICC__PV_SOLO_OFF) == (solo ? 0u : ATOMICC__PV_SOLO_OFF));
    for (int i = 0; i < 3; i++) /* the first block registers; the later ones too must agree */
        stm_block(solo);
    global_block(solo);
    pervar_blocks(solo);
    CHECK(g_counter == 2 && p_counter == 2 && p_cls[3] == 2 && s_counter == 3);
}

/* ---- two threads, switch off: the locked paths keep counts exact ---------- */

#define ITERS (20000 / TEST_SCALE)

static __attribute__((noinline)) void inc_global(void)
{
    atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter();
    g_counter++;
}

static __attribute__((noinline)) void inc_pervar(void)
{
    atomicc_pv_t __atomicc_pv1 __attribute__((cleanup(atomicc_pv_leave)));
    atomicc_pv_enter1(&__atomicc_pv1, (const void *)&p_counter, ATOMICC_W);
    p_counter++;
}

static int saw_solo;

static __attribute__((noinline)) void inc_stm(void)
{
    atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
    atomicc_stm_restart_point(__atomicc_tx);
    if (atomicc_stm_solo(__atomicc_tx)) {
        __atomic_store_n(&saw_solo, 1, __ATOMIC_RELAXED);
        s_counter++;
    } else {
        ATOMICC_TX_STORE(__atomicc_tx, &s_counter, ATOMICC_TX_LOAD(__atomicc_tx, &s_counter) + 1);
    }
}

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < ITERS; i++) {
        inc_global();
        inc_pervar();
        inc_stm();
    }
    return NULL;
}

static void two_threads(void)
{
    long g0 = g_counter, p0 = p_counter, s0 = s_counter;
    pthread_t t = test_spawn(worker, NULL);
    worker(NULL);
    CHECK(pthread_join(t, NULL) == 0);
    CHECK(g_counter == g0 + 2 * ITERS);
    CHECK(p_counter == p0 + 2 * ITERS);
    CHECK(s_counter == s0 + 2 * ITERS);
    CHECK(!saw_solo);
    /* alone again: still no solo mode */
    global_block(0);
    stm_block(0);
}

int main(int argc, char **argv)
{
    (void)argc;
    const char *e = getenv("ATOMICC_SOLO");
    if (!e || strcmp(e, "0") != 0) {
        single_thread(1);
        /* the same program, with the switch set at process start */
        CHECK(setenv("ATOMICC_SOLO", "0", 1) == 0);
        fflush(stdout);
        execv("/proc/self/exe", argv);
        fprintf(stderr, "execv /proc/self/exe failed\n");
        return 1;
    }
    single_thread(0);
    two_threads();
    puts("ok");
    return 0;
}
