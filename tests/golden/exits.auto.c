#include "atomicc_rt.h"
#line 1 "tests/golden/exits.c"
/* Every way out of an atomic block, nested blocks and retry. */
#include <stddef.h>

struct q { int items[8]; int n; };
static struct q queue;
static int hits;

static __attribute__((unused)) int __atomicc_tx_pop(atomicc_tx_t *__atomicc_tx __attribute__((unused)), struct q *q); int pop(struct q *q)
{
    int v;
    { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") _Pragma("GCC diagnostic ignored \"-Wimplicit-fallthrough\"") { atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point(__atomicc_tx);
#line 11 "tests/golden/exits.c"
    {
        if (ATOMICC_TX_LOAD(__atomicc_tx, &(q->n)) == 0)
            atomicc_stm_retry(__atomicc_tx);
        (*ATOMICC_TX_LOCAL(__atomicc_tx, &(v))) = ATOMICC_TX_LOAD(__atomicc_tx, &(q->items[ATOMICC_TX_PREDEC(__atomicc_tx, &(q->n))]));
    }
} _Pragma("GCC diagnostic pop") }
#line 15 "tests/golden/exits.c"

    return v;
} __typeof__(pop) pop __attribute__((unused));
#line 8 "tests/golden/exits.c"
static __attribute__((unused)) int __atomicc_tx_pop(atomicc_tx_t *__atomicc_tx __attribute__((unused)), struct q *q) {
#line 10 "tests/golden/exits.c"
    int v;
    {
        if (ATOMICC_TX_LOAD(__atomicc_tx, &(q->n)) == 0)
            atomicc_stm_retry(__atomicc_tx);
        v = ATOMICC_TX_LOAD(__atomicc_tx, &(q->items[ATOMICC_TX_PREDEC(__atomicc_tx, &(q->n))]));
    }
    return v;
}
#line 17 "tests/golden/exits.c"


int first_positive(const int *a, int n)
{
    for (int i = 0; i < n; i++) {
        { atomicc_guard_t __atomicc_g2 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter(); {
            hits++;
            if (a[i] > 0)
                return a[i];        /* the guard's cleanup releases the lock */
            if (a[i] == 0)
                continue;
            if (a[i] < -100)
                break;
            /* atomic: flattened */ { hits--; }      /* nested: flattened */
            if (a[i] == -1)
                goto out;
        } }
    }
out:
    return -1;
}

int take(void)
{
    int v;
    { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") _Pragma("GCC diagnostic ignored \"-Wimplicit-fallthrough\"") { atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point(__atomicc_tx);
#line 42 "tests/golden/exits.c"
    {
#line 42 "tests/golden/exits.c"
        (*ATOMICC_TX_LOCAL(__atomicc_tx, &(v))) = __atomicc_tx_pop(__atomicc_tx, &queue);
    }
} _Pragma("GCC diagnostic pop") }
#line 42 "tests/golden/exits.c"
     /* pop may retry: restart point registered */
    return v;
}
