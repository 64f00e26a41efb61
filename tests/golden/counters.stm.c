#include "atomicc_rt.h"
#line 1 "tests/golden/counters.c"
/* atomic-op: commutative updates, loads and stores of one integer each. */
static long hits;
static unsigned flags;
static int level;

void hit(long n) { { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") _Pragma("GCC diagnostic ignored \"-Wimplicit-fallthrough\"") { atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point(__atomicc_tx);
    if (atomicc_stm_solo(__atomicc_tx))
#line 6 "tests/golden/counters.c"
    {
#line 6 "tests/golden/counters.c"
        hits += n;
    }
    else
#line 6 "tests/golden/counters.c"
    {
#line 6 "tests/golden/counters.c"
        ATOMICC_TX_UPDATE(__atomicc_tx, &(hits), +, (n));
    }
} _Pragma("GCC diagnostic pop") }
#line 6 "tests/golden/counters.c"
 }
void one(void) { { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") _Pragma("GCC diagnostic ignored \"-Wimplicit-fallthrough\"") { atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point(__atomicc_tx);
    if (atomicc_stm_solo(__atomicc_tx))
#line 7 "tests/golden/counters.c"
    {
#line 7 "tests/golden/counters.c"
        hits++;
    }
    else
#line 7 "tests/golden/counters.c"
    {
#line 7 "tests/golden/counters.c"
        ATOMICC_TX_POSTINC(__atomicc_tx, &(hits));
    }
} _Pragma("GCC diagnostic pop") }
#line 7 "tests/golden/counters.c"
 }
void set_flag(unsigned m) { { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") _Pragma("GCC diagnostic ignored \"-Wimplicit-fallthrough\"") { atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point(__atomicc_tx);
    if (atomicc_stm_solo(__atomicc_tx))
#line 8 "tests/golden/counters.c"
    {
#line 8 "tests/golden/counters.c"
        flags |= m;
    }
    else
#line 8 "tests/golden/counters.c"
    {
#line 8 "tests/golden/counters.c"
        ATOMICC_TX_UPDATE(__atomicc_tx, &(flags), |, (m));
    }
} _Pragma("GCC diagnostic pop") }
#line 8 "tests/golden/counters.c"
 }
int get_level(void) { int v; { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") _Pragma("GCC diagnostic ignored \"-Wimplicit-fallthrough\"") { atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point(__atomicc_tx);
    if (atomicc_stm_solo(__atomicc_tx))
#line 9 "tests/golden/counters.c"
    {
#line 9 "tests/golden/counters.c"
        v = level;
    }
    else
#line 9 "tests/golden/counters.c"
    {
#line 9 "tests/golden/counters.c"
        (*ATOMICC_TX_LOCAL(__atomicc_tx, &(v))) = ATOMICC_TX_LOAD(__atomicc_tx, &(level));
    }
} _Pragma("GCC diagnostic pop") }
#line 9 "tests/golden/counters.c"
 return v; }
void set_level(int v) { { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") _Pragma("GCC diagnostic ignored \"-Wimplicit-fallthrough\"") { atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point(__atomicc_tx);
    if (atomicc_stm_solo(__atomicc_tx))
#line 10 "tests/golden/counters.c"
    {
#line 10 "tests/golden/counters.c"
        level = v;
    }
    else
#line 10 "tests/golden/counters.c"
    {
#line 10 "tests/golden/counters.c"
        ATOMICC_TX_STORE(__atomicc_tx, &(level), (v));
    }
} _Pragma("GCC diagnostic pop") }
#line 10 "tests/golden/counters.c"
 }
