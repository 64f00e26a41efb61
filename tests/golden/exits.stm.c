#include "atomicc_rt.h"
#line 1 "tests/golden/exits.c"
/* Every way out of an atomic block, nested blocks and retry. */
#include <stddef.h>

struct q { int items[8]; int n; };
static struct q queue;
static int hits;

__attribute__((unused)) int __atomicc_tx_pop(atomicc_tx_t *__atomicc_tx __attribute__((unused)), struct q *q); int pop(struct q *q)
{
    int v;
    { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") { atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point(__atomicc_tx);
#line 11 "tests/golden/exits.c"
    {
        if (ATOMICC_TX_LOAD(__atomicc_tx, &(q->n)) == 0)
            atomicc_stm_retry(__atomicc_tx);
        (*ATOMICC_TX_LOCAL(__atomicc_tx, &(v))) = ATOMICC_TX_LOAD(__atomicc_tx, &(q->items[ATOMICC_TX_PREDEC(__atomicc_tx, &(q->n))]));
    }
} _Pragma("GCC diagnostic pop") }
#line 15 "tests/golden/exits.c"

    return v;
}
#line 8 "tests/golden/exits.c"
__attribute__((unused)) int __atomicc_tx_pop(atomicc_tx_t *__atomicc_tx __attribute__((unused)), struct q *q) {
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
        { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") { atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point(__atomicc_tx);
    if (atomicc_stm_solo(__atomicc_tx))
#line 22 "tests/golden/exits.c"
    {
        hits++;
        if (a[i] > 0)
            return a[i];
        if (a[i] == 0)
            continue;
        if (a[i] < -100)
            break;
        {
#line 30 "tests/golden/exits.c"
            hits--;
        }
#line 31 "tests/golden/exits.c"
        if (a[i] == -1)
            goto out;
    }
    else
#line 22 "tests/golden/exits.c"
    {
        ATOMICC_TX_POSTINC(__atomicc_tx, &(hits));
        if (ATOMICC_TX_LOAD(__atomicc_tx, &(a[i])) > 0)
            return ATOMICC_TX_LOAD(__atomicc_tx, &(a[i]));
        if (ATOMICC_TX_LOAD(__atomicc_tx, &(a[i])) == 0)
            continue;
        if (ATOMICC_TX_LOAD(__atomicc_tx, &(a[i])) < -100)
            break;
        {
#line 30 "tests/golden/exits.c"
            ATOMICC_TX_POSTDEC(__atomicc_tx, &(hits));
        }
#line 31 "tests/golden/exits.c"
        if (ATOMICC_TX_LOAD(__atomicc_tx, &(a[i])) == -1)
            goto out;
    }
} _Pragma("GCC diagnostic pop") }
#line 33 "tests/golden/exits.c"

    }
out:
    return -1;
}

int take(void)
{
    int v;
    { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") { atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point(__atomicc_tx);
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
/* atomicc plan guards: the link fails if another object was lowered with a
 * different plan for one of these anchors (see compiler/objects.py). */
__asm__(
    /* fn:first_positive */
    ".ifndef __atomicc_plan_fn_3afirst__positive_d687aaa585c6ec2e\n"
    ".ifdef .L__atomicc_plan_fn_3afirst__positive\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3afirst__positive are linked together (__atomicc_plan_fn_3afirst__positive_d687aaa585c6ec2e)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3afirst__positive, 1\n"
    ".pushsection .atomicc.plan.fn_3afirst__positive,\"aG\",@progbits,__atomicc_plan_fn_3afirst__positive,comdat\n"
    ".globl __atomicc_plan_fn_3afirst__positive_d687aaa585c6ec2e\n"
    ".hidden __atomicc_plan_fn_3afirst__positive_d687aaa585c6ec2e\n"
    "__atomicc_plan_fn_3afirst__positive_d687aaa585c6ec2e:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:pop */
    ".ifndef __atomicc_plan_fn_3apop_0cdc0eb5947aa909\n"
    ".ifdef .L__atomicc_plan_fn_3apop\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3apop are linked together (__atomicc_plan_fn_3apop_0cdc0eb5947aa909)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3apop, 1\n"
    ".pushsection .atomicc.plan.fn_3apop,\"aG\",@progbits,__atomicc_plan_fn_3apop,comdat\n"
    ".globl __atomicc_plan_fn_3apop_0cdc0eb5947aa909\n"
    ".hidden __atomicc_plan_fn_3apop_0cdc0eb5947aa909\n"
    "__atomicc_plan_fn_3apop_0cdc0eb5947aa909:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:take */
    ".ifndef __atomicc_plan_fn_3atake_0cdc0eb5947aa909\n"
    ".ifdef .L__atomicc_plan_fn_3atake\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3atake are linked together (__atomicc_plan_fn_3atake_0cdc0eb5947aa909)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3atake, 1\n"
    ".pushsection .atomicc.plan.fn_3atake,\"aG\",@progbits,__atomicc_plan_fn_3atake,comdat\n"
    ".globl __atomicc_plan_fn_3atake_0cdc0eb5947aa909\n"
    ".hidden __atomicc_plan_fn_3atake_0cdc0eb5947aa909\n"
    "__atomicc_plan_fn_3atake_0cdc0eb5947aa909:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* tag:q */
    ".ifndef __atomicc_plan_tag_3aq_0cdc0eb5947aa909\n"
    ".ifdef .L__atomicc_plan_tag_3aq\n"
    ".error \"atomicc: objects lowered with different plans for anchor tag_3aq are linked together (__atomicc_plan_tag_3aq_0cdc0eb5947aa909)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_tag_3aq, 1\n"
    ".pushsection .atomicc.plan.tag_3aq,\"aG\",@progbits,__atomicc_plan_tag_3aq,comdat\n"
    ".globl __atomicc_plan_tag_3aq_0cdc0eb5947aa909\n"
    ".hidden __atomicc_plan_tag_3aq_0cdc0eb5947aa909\n"
    "__atomicc_plan_tag_3aq_0cdc0eb5947aa909:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n");
extern const char __atomicc_plan_fn_3afirst__positive_d687aaa585c6ec2e[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3apop_0cdc0eb5947aa909[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3atake_0cdc0eb5947aa909[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_tag_3aq_0cdc0eb5947aa909[] __attribute__((visibility("hidden")));
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wattributes"
#if defined(__has_attribute)
#if __has_attribute(retain)
#define __ATOMICC_PLAN_RETAIN __attribute__((retain))
#endif
#endif
#ifndef __ATOMICC_PLAN_RETAIN
#define __ATOMICC_PLAN_RETAIN
#endif
static const void *const __atomicc_plan_refs_7c0c32719e49[] __attribute__((used)) __ATOMICC_PLAN_RETAIN = {
    __atomicc_plan_fn_3afirst__positive_d687aaa585c6ec2e,
    __atomicc_plan_fn_3apop_0cdc0eb5947aa909,
    __atomicc_plan_fn_3atake_0cdc0eb5947aa909,
    __atomicc_plan_tag_3aq_0cdc0eb5947aa909,
};
#pragma GCC diagnostic pop
#undef __ATOMICC_PLAN_RETAIN
