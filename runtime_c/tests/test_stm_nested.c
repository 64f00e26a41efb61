/* STM (5) nested blocks: an atomic block in a function called from inside
 * another block joins it (depth 2); its end does not commit (another
 * thread's transaction still sees the old value until the outermost block
 * ends); it sees the outer block's buffered writes; and a conflict detected
 * inside it restarts the OUTERMOST block. */
#include "atomicc_rt.h"
#include "atomicc_stm.h"
#include "test_common.h"

#include <sched.h>

static long x, y, z;
static int phase;          /* handshake with the observer thread */
static long seen_by_observer = -1;
static int outer_attempts, inner_entries;

static void *observer(void *arg)
{
    (void)arg;
    for (;;) {
        int p;
        while ((p = __atomic_load_n(&phase, __ATOMIC_ACQUIRE)) == 0 || p == 2 || p == 4)
            sched_yield();
        if (p < 0)
            return NULL;
        {
            atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
            atomicc_stm_restart_point(__atomicc_tx);
            {
                if (p == 1) /* read y while the writer's outer block is open */
                    __atomic_store_n(&seen_by_observer, ATOMICC_TX_LOAD(__atomicc_tx, &y),
                                     __ATOMIC_RELAXED);
                else        /* p == 3: change x under the reader */
                    ATOMICC_TX_PREINC(__atomicc_tx, &x);
            }
        }
        __atomic_store_n(&phase, p + 1, __ATOMIC_RELEASE);
    }
}

static void ask(int p)
{
    __atomic_store_n(&phase, p, __ATOMIC_RELEASE);
    while (__atomic_load_n(&phase, __ATOMIC_ACQUIRE) != p + 1)
        sched_yield();
}

/* atomic { y = z + 1; }  called nested: joins the caller's block */
static void inner_write(void)
{
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        {
            CHECK(__atomicc_tx->depth == 2);
            ATOMICC_TX_STORE(__atomicc_tx, &y, ATOMICC_TX_LOAD(__atomicc_tx, &z) + 1);
        }
    }
}

/* atomic { reads x again; on the first entry someone commits x before } */
static long inner_read(void)
{
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        {
            if (__atomic_add_fetch(&inner_entries, 1, __ATOMIC_RELAXED) == 1)
                ask(3);
            return ATOMICC_TX_LOAD(__atomicc_tx, &x); /* aborts on the first entry */
        }
    }
}

int main(void)
{
    pthread_t t = test_spawn(observer, NULL);
    ask(1); /* the observer registers: no single-thread mode from now on */

    /* join, buffered writes seen through the nesting, no early commit */
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        {
            CHECK(__atomicc_tx->depth == 1);
            ATOMICC_TX_STORE(__atomicc_tx, &z, 41);
            inner_write();
            CHECK(__atomicc_tx->depth == 1);
            CHECK(ATOMICC_TX_LOAD(__atomicc_tx, &y) == 42);
            ask(1); /* the observer's transaction must not see y yet */
            CHECK(__atomic_load_n(&seen_by_observer, __ATOMIC_RELAXED) == 0);
        }
    }
    ask(1);
    CHECK(__atomic_load_n(&seen_by_observer, __ATOMIC_RELAXED) == 42);

    /* a conflict inside the inner block restarts the outermost one */
    long a = -1, b = -1;
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        {
            __atomic_add_fetch(&outer_attempts, 1, __ATOMIC_RELAXED);
            a = ATOMICC_TX_LOAD(__atomicc_tx, &x);
            b = inner_read();
            ATOMICC_TX_STORE(__atomicc_tx, &z, a + b);
        }
    }
    CHECK(outer_attempts == 2 && inner_entries == 2);
    CHECK(a == 1 && b == 1 && z == 2);

    /* the depth is back to 0 */
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        CHECK(__atomicc_tx->depth == 1);
    }
    __atomic_store_n(&phase, -1, __ATOMIC_RELEASE);
    pthread_join(t, NULL);
    printf("ok\n");
    return 0;
}
