/* stm_test.h - what the STM tests share: a block in the compiler's lowered
 * form (atomicc_stm.h), an audit of an array of cells in one, and a run of
 * workers beside an auditor. */
#ifndef ATOMICC_STM_TEST_H
#define ATOMICC_STM_TEST_H

#include "atomicc_stm.h"
#include "test_common.h"

#define TX_BEGIN                                                               \
    {                                                                          \
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = \
            atomicc_stm_begin();                                               \
        atomicc_stm_restart_point(__atomicc_tx);                               \
        {
#define TX_END                                                                 \
        }                                                                      \
    }

/* Inside a transaction: how many of the n cells are negative, plus one if
 * their sum is not `sum`. */
static inline long tx_audit_cells(atomicc_tx_t *tx, long *cell, int n, long sum)
{
    long bad = 0, got = 0;
    for (int i = 0; i < n; i++) {
        long v = ATOMICC_TX_LOAD(tx, &cell[i]);
        if (v < 0)
            bad++;
        got += v;
    }
    return bad + (got != sum);
}

/* Starts the auditor and n workers (worker gets its index), waits for the
 * workers, then raises *stop and waits for the auditor. */
static inline void stm_test_run(void *(*worker)(void *), int n, void *(*auditor)(void *), int *stop)
{
    pthread_t w[n], a = test_spawn(auditor, NULL);
    for (long i = 0; i < n; i++)
        w[i] = test_spawn(worker, (void *)i);
    for (int i = 0; i < n; i++)
        pthread_join(w[i], NULL);
    __atomic_store_n(stop, 1, __ATOMIC_RELEASE);
    pthread_join(a, NULL);
}

#endif
