/* stm_test.h - what the STM tests share: a block in the compiler's lowered
 * form (atomicc_stm.h), and an audit of an array of cells in one. */
#ifndef ATOMICC_STM_TEST_H
#define ATOMICC_STM_TEST_H

#include "atomicc_stm.h"

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

#endif
