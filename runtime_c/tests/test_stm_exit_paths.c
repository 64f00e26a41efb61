/* STM (4) leaving a block by fall-through, return, break, continue and goto
 * commits it (the cleanup form of the lowering, literally), and a commit
 * that fails validation inside the cleanup jumps back into the block: the
 * block runs again and a `return e;` recomputes e.  The conflict is staged:
 * the block reads x, then waits (inside the attempt) until another thread
 * has committed a new x, then writes y and leaves; only the first attempt
 * waits.  A local logged with ATOMICC_TX_LOCAL is restored by the restart. */
#include "atomicc_rt.h"
#include "atomicc_stm.h"
#include "test_common.h"

#include <sched.h>

static long x, y, z;
static int phase;     /* 0 idle, 1 "please commit x", 2 done */
static int attempts;  /* not transactional: counts attempts */

static int registered;

static void *interferer(void *arg)
{
    (void)arg;
    /* Its first block registers the thread: from then on no block runs in
     * the single-thread mode (which would keep this thread waiting). */
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        (void)ATOMICC_TX_LOAD(__atomicc_tx, &x);
    }
    __atomic_store_n(&registered, 1, __ATOMIC_RELEASE);
    for (;;) {
        int p;
        while ((p = __atomic_load_n(&phase, __ATOMIC_ACQUIRE)) == 0 || p == 2)
            sched_yield();
        if (p < 0)
            return NULL;
        {
            atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) =
                atomicc_stm_begin();
            atomicc_stm_restart_point(__atomicc_tx);
            {
                ATOMICC_TX_PREINC(__atomicc_tx, &x);
            }
        }
        __atomic_store_n(&phase, 2, __ATOMIC_RELEASE);
    }
}

/* Called inside an attempt: on the first attempt only, has x changed under
 * the reader. */
static void interfere_once(void)
{
    if (__atomic_add_fetch(&attempts, 1, __ATOMIC_RELAXED) != 1)
        return;
    __atomic_store_n(&phase, 1, __ATOMIC_RELEASE);
    while (__atomic_load_n(&phase, __ATOMIC_ACQUIRE) != 2)
        sched_yield();
}

static void reset(void)
{
    __atomic_store_n(&attempts, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&phase, 0, __ATOMIC_RELEASE);
}

static long conflict_on_return(void)
{
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        {
            long v = ATOMICC_TX_LOAD(__atomicc_tx, &x);
            interfere_once();
            ATOMICC_TX_STORE(__atomicc_tx, &y, v);
            return v * 10 + __atomic_load_n(&attempts, __ATOMIC_RELAXED);
        }
    }
}

static long conflict_on_break(void)
{
    volatile long r = -1;
    for (int i = 0; i < 3; i++) {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        {
            long v = ATOMICC_TX_LOAD(__atomicc_tx, &x);
            interfere_once();
            ATOMICC_TX_STORE(__atomicc_tx, &y, v);
            r = v * 10 + __atomic_load_n(&attempts, __ATOMIC_RELAXED);
            break;
        }
    }
    return r;
}

static long conflict_on_goto(void)
{
    volatile long r = -1;
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        {
            long v = ATOMICC_TX_LOAD(__atomicc_tx, &x);
            interfere_once();
            ATOMICC_TX_STORE(__atomicc_tx, &y, v);
            r = v * 10 + __atomic_load_n(&attempts, __ATOMIC_RELAXED);
            goto out;
        }
    }
out:
    return r;
}

static long conflict_with_local(void)
{
    long local = 5;
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        {
            long v = ATOMICC_TX_LOAD(__atomicc_tx, &x);
            *ATOMICC_TX_LOCAL(__atomicc_tx, &local) += 100;   /* local += 100 */
            interfere_once();
            ATOMICC_TX_STORE(__atomicc_tx, &y, v);
        }
    }
    return local;
}

static int leave_by_return(int v)
{
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        {
            return (int)ATOMICC_TX_UPDATE(__atomicc_tx, &z, +, v);
        }
    }
}

static void check_depth_zero(void)
{
    atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
    atomicc_stm_restart_point(__atomicc_tx);
    CHECK(__atomicc_tx->depth == 1);
}

int main(void)
{
    pthread_t t = test_spawn(interferer, NULL);
    while (!__atomic_load_n(&registered, __ATOMIC_ACQUIRE))
        sched_yield();

    /* plain exits: the effect is visible after the block */
    CHECK(leave_by_return(3) == 3);
    check_depth_zero();
    for (int i = 0; i < 5; i++) {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        {
            ATOMICC_TX_POSTINC(__atomicc_tx, &z);
            if (i == 1)
                continue;
            if (i == 3)
                break;
        }
    }
    CHECK(z == 7); /* 3 + increments in iterations 0..3 */
    check_depth_zero();
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        {
            ATOMICC_TX_STORE(__atomicc_tx, &z, 40);
            goto after;
        }
    }
after:
    CHECK(z == 40);
    check_depth_zero();

    /* failed commit in the cleanup: rerun, recomputed result */
    reset();
    long r = conflict_on_return();
    CHECK(attempts == 2 && x == 1 && y == 1 && r == 12);
    check_depth_zero();

    reset();
    r = conflict_on_break();
    CHECK(attempts == 2 && x == 2 && y == 2 && r == 22);

    reset();
    r = conflict_on_goto();
    CHECK(attempts == 2 && x == 3 && y == 3 && r == 32);

    reset();
    r = conflict_with_local();
    CHECK(attempts == 2 && x == 4 && y == 4 && r == 105);
    check_depth_zero();

    __atomic_store_n(&phase, -1, __ATOMIC_RELEASE);
    pthread_join(t, NULL);
    printf("ok\n");
    return 0;
}
