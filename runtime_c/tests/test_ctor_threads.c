/* (constructors) A program's constructor that runs before the runtime's own
 * (priority 100 here: before every constructor of priority 101 and up, and
 * of the default priority, whatever the link order) starts threads that
 * hammer `global`, `pervar` and `stm` blocks and threads that wait in retry,
 * and returns without joining them: they run while the runtime's
 * constructors run.  Everything must finish (run.sh's timeout; the brief
 * for this test: 200 runs in a row), every increment must be there, and
 * the state those constructors used to set must already be final at the
 * first block: the global lock's membarrier flag (`asym`), which a
 * constructor used to set while such threads were using the lock (a parked
 * waiter that read 0 did not issue the membarrier its release, which read
 * 1, relied on: a lost wake-up), is the same at the constructor's first
 * block and at the end of main. */
#include "atomicc_rt.h"
#include "atomicc_stm.h"
#include "test_common.h"

#define ITERS (20000 / TEST_SCALE)
#define HAMMERS 2 /* per strategy */

static long g_count __attribute__((aligned(64)));
static long pv_count __attribute__((aligned(64)));
static long stm_count __attribute__((aligned(64)));
static int asym_first = -1;
static pthread_t threads[3 * HAMMERS + 3];
static int nthreads;
static long seen_by_waiter[3];

static void global_inc(void)
{
    atomicc_guard_t g __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter();
    g_count++;
}

static void *hammer_global(void *arg)
{
    (void)arg;
    for (int i = 0; i < ITERS; i++)
        global_inc();
    return NULL;
}

static void *hammer_pervar(void *arg)
{
    (void)arg;
    for (int i = 0; i < ITERS; i++) {
        atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
        atomicc_pv_enter1(&pv, (const void *)&pv_count, ATOMICC_W);
        pv_count++;
    }
    return NULL;
}

static void *hammer_stm(void *arg)
{
    (void)arg;
    for (int i = 0; i < ITERS; i++) {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        ATOMICC_TX_UPDATE(__atomicc_tx, &stm_count, +, 1);
    }
    return NULL;
}

/* Each waiter retries until its strategy's count is complete. */
static void *wait_global(void *arg)
{
    (void)arg;
    atomicc_guard_t g __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter();
__atomicc_restart_1:;
    if (g_count < HAMMERS * ITERS + 1) {
        atomicc_global_retry(&g);
        goto __atomicc_restart_1;
    }
    seen_by_waiter[0] = g_count;
    return NULL;
}

static void *wait_pervar(void *arg)
{
    (void)arg;
    atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
    atomicc_pv_init_retry(&pv);
    atomicc_pv_addr(&pv, (const void *)&pv_count, ATOMICC_R);
    atomicc_pv_enter(&pv);
__atomicc_restart_1:;
    if (pv_count < HAMMERS * ITERS) {
        atomicc_pv_retry(&pv);
        goto __atomicc_restart_1;
    }
    seen_by_waiter[1] = pv_count;
    return NULL;
}

static void *wait_stm(void *arg)
{
    (void)arg;
    atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
    atomicc_stm_restart_point(__atomicc_tx);
    long n = ATOMICC_TX_LOAD(__atomicc_tx, &stm_count);
    if (n < HAMMERS * ITERS)
        atomicc_stm_retry(__atomicc_tx);
    seen_by_waiter[2] = n;
    return NULL;
}

#pragma GCC diagnostic ignored "-Wpragmas"
#pragma GCC diagnostic ignored "-Wprio-ctor-dtor" /* 100: before the runtime's on purpose */
__attribute__((constructor(100))) static void early(void)
{
    global_inc(); /* this thread's first block: the runtime initialises now */
    asym_first = __atomic_load_n(&atomicc__glock.asym, __ATOMIC_RELAXED);
    threads[nthreads++] = test_spawn(wait_global, NULL);
    threads[nthreads++] = test_spawn(wait_pervar, NULL);
    threads[nthreads++] = test_spawn(wait_stm, NULL);
    for (int i = 0; i < HAMMERS; i++) {
        threads[nthreads++] = test_spawn(hammer_global, NULL);
        threads[nthreads++] = test_spawn(hammer_pervar, NULL);
        threads[nthreads++] = test_spawn(hammer_stm, NULL);
    }
}

int main(void)
{
    for (int i = 0; i < nthreads; i++)
        CHECK(pthread_join(threads[i], NULL) == 0);
    CHECK(nthreads == 3 * HAMMERS + 3);
    CHECK(g_count == HAMMERS * ITERS + 1);
    CHECK(pv_count == HAMMERS * ITERS);
    CHECK(stm_count == HAMMERS * ITERS);
    CHECK(seen_by_waiter[0] == HAMMERS * ITERS + 1);
    CHECK(seen_by_waiter[1] == HAMMERS * ITERS);
    CHECK(seen_by_waiter[2] == HAMMERS * ITERS);
    CHECK(asym_first == __atomic_load_n(&atomicc__glock.asym, __ATOMIC_RELAXED));
    puts("ok");
    return 0;
}
