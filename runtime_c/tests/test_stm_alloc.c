/* STM (6) memory in transactions: an allocation made by an attempt that
 * aborts (retry in the single-thread mode, a failed commit with two
 * threads) is released; a free is deferred to the commit (an aborted
 * attempt's free does not happen; a committed one does); calloc zeroes.
 * Live heap bytes come from mallinfo2(), or from the sanitizer allocator
 * under ThreadSanitizer. */
#include "atomicc_rt.h"
#include "atomicc_stm.h"
#include "test_common.h"

#include <sched.h>
#include <string.h>

#if TEST_SCALE > 1
/* from <sanitizer/allocator_interface.h> (not always installed) */
size_t __sanitizer_get_current_allocated_bytes(void);
static long live_bytes(void)
{
    return (long)__sanitizer_get_current_allocated_bytes();
}
#else
#include <malloc.h>
static long live_bytes(void)
{
    return (long)mallinfo2().uordblks;
}
#endif

#define N 200
#define SZ 4096

static void *kept[N];
static long x;
static int attempts;

/* retry in the single-thread mode reruns the block (in normal mode) */
static void *alloc_then_retry_once(void)
{
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        {
            char *p = atomicc_stm_malloc(__atomicc_tx, SZ);
            CHECK(p != NULL);
            memset(p, 1, SZ); /* private until published */
            if (__atomic_add_fetch(&attempts, 1, __ATOMIC_RELAXED) % 2 == 1)
                atomicc_stm_retry(__atomicc_tx);
            return p;
        }
    }
}

/* frees p on the first attempt, then retries; the rerun does not free */
static void free_then_retry_once(void *p)
{
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        {
            if (__atomic_add_fetch(&attempts, 1, __ATOMIC_RELAXED) % 2 == 1) {
                atomicc_stm_free(__atomicc_tx, p);
                atomicc_stm_retry(__atomicc_tx);
            }
        }
    }
}

static void free_in_block(void *p)
{
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        {
            atomicc_stm_free(__atomicc_tx, p);
        }
    }
}

/* two threads: the first attempt's commit fails (x changed under it) */
static int phase;

static void *interferer(void *arg)
{
    (void)arg;
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        (void)ATOMICC_TX_LOAD(__atomicc_tx, &x);
    }
    __atomic_store_n(&phase, 1, __ATOMIC_RELEASE);
    for (;;) {
        int p;
        while ((p = __atomic_load_n(&phase, __ATOMIC_ACQUIRE)) == 1 || p == 3)
            sched_yield();
        if (p < 0)
            return NULL;
        {
            atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
            atomicc_stm_restart_point(__atomicc_tx);
            ATOMICC_TX_POSTINC(__atomicc_tx, &x);
        }
        __atomic_store_n(&phase, 3, __ATOMIC_RELEASE);
    }
}

static void *alloc_with_conflict(void)
{
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        {
            long v = ATOMICC_TX_LOAD(__atomicc_tx, &x);
            void *p = atomicc_stm_calloc(__atomicc_tx, 1, SZ);
            CHECK(p != NULL);
            if (__atomic_add_fetch(&attempts, 1, __ATOMIC_RELAXED) % 2 == 1) {
                __atomic_store_n(&phase, 2, __ATOMIC_RELEASE);
                while (__atomic_load_n(&phase, __ATOMIC_ACQUIRE) != 3)
                    sched_yield();
            }
            ATOMICC_TX_STORE(__atomicc_tx, &x, v + 1000);
            return p;
        }
    }
}

int main(void)
{
    /* warm up the runtime's own buffers */
    free_in_block(alloc_then_retry_once());
    long base = live_bytes();

    /* 1. aborted allocations are released (single thread) */
    for (int i = 0; i < N; i++)
        kept[i] = alloc_then_retry_once();
    long grown = live_bytes() - base;
    CHECK(grown >= (long)N * SZ);
    CHECK(grown < (long)N * SZ + (long)N * SZ / 2); /* not 2 * N * SZ */

    /* 2. an aborted free does not happen; a committed one does */
    for (int i = 0; i < N; i++)
        free_then_retry_once(kept[i]);
    CHECK(live_bytes() - base == grown);
    for (int i = 0; i < N; i++)
        memset(kept[i], 2, SZ); /* still ours */
    for (int i = 0; i < N; i++)
        free_in_block(kept[i]);
    CHECK(live_bytes() - base < (long)N * SZ / 2);

    /* 3. two threads: an attempt that fails its commit releases its calloc */
    pthread_t t = test_spawn(interferer, NULL);
    while (__atomic_load_n(&phase, __ATOMIC_ACQUIRE) != 1)
        sched_yield();
    base = live_bytes();
    __atomic_store_n(&attempts, 0, __ATOMIC_RELAXED);
    for (int i = 0; i < N; i++) {
        kept[i] = alloc_with_conflict();
        for (int k = 0; k < SZ; k++)
            CHECK(((unsigned char *)kept[i])[k] == 0);
        __atomic_store_n(&phase, 1, __ATOMIC_RELEASE);
    }
    CHECK(attempts == 2 * N);
    CHECK(x == (long)N * 1001);
    grown = live_bytes() - base;
    CHECK(grown >= (long)N * SZ && grown < (long)N * SZ + (long)N * SZ / 2);
    for (int i = 0; i < N; i++)
        free(kept[i]);
    __atomic_store_n(&phase, -1, __ATOMIC_RELEASE);
    pthread_join(t, NULL);
    printf("ok\n");
    return 0;
}
