#include "atomicc_rt.h"
#line 1 "tests/golden/exits.c"
/* Every way out of an atomic block, nested blocks and retry. */
// EXPECT: taken: 500500
// EXPECT: first positive: 7 -1 -1 -1
// EXPECT: hits: 5
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

struct q { int items[8]; int n; };
static struct q queue;
static int hits;

__attribute__((unused)) int __atomicc_tx_pop(atomicc_tx_t *__atomicc_tx __attribute__((unused)), struct q *q); int pop(struct q *q)
{
    int v;
    { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") { __typeof__(v) volatile __atomicc_sv1 = v; atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point_restoring(__atomicc_tx, v = __atomicc_sv1;);
#line 16 "tests/golden/exits.c"
    {
        if (ATOMICC_TX_LOAD(__atomicc_tx, &(q->n)) == 0)
            atomicc_stm_retry(__atomicc_tx);
        v = ATOMICC_TX_LOAD(__atomicc_tx, &(q->items[ATOMICC_TX_PREDEC(__atomicc_tx, &(q->n))]));
    }
} _Pragma("GCC diagnostic pop") }
#line 20 "tests/golden/exits.c"

    return v;
}
#line 13 "tests/golden/exits.c"
__attribute__((unused)) int __atomicc_tx_pop(atomicc_tx_t *__atomicc_tx __attribute__((unused)), struct q *q) {
#line 15 "tests/golden/exits.c"
    int v;
    {
        if (ATOMICC_TX_LOAD(__atomicc_tx, &(q->n)) == 0)
            atomicc_stm_retry(__atomicc_tx);
        v = ATOMICC_TX_LOAD(__atomicc_tx, &(q->items[ATOMICC_TX_PREDEC(__atomicc_tx, &(q->n))]));
    }
    return v;
}
#line 22 "tests/golden/exits.c"


int first_positive(const int *a, int n)
{
    for (int i = 0; i < n; i++) {
        { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") { atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point(__atomicc_tx);
    if (atomicc_stm_solo(__atomicc_tx))
#line 27 "tests/golden/exits.c"
    {
        hits++;
        if (a[i] > 0)
            return a[i];
        if (a[i] == 0)
            continue;
        if (a[i] < -100)
            break;
        {
#line 35 "tests/golden/exits.c"
            hits--;
        }
#line 36 "tests/golden/exits.c"
        if (a[i] == -1)
            goto out;
    }
    else
#line 27 "tests/golden/exits.c"
    {
        ATOMICC_TX_ADD(__atomicc_tx, &(hits), +, 1);
        if (ATOMICC_TX_LOAD(__atomicc_tx, &(a[i])) > 0)
            return ATOMICC_TX_LOAD(__atomicc_tx, &(a[i]));
        if (ATOMICC_TX_LOAD(__atomicc_tx, &(a[i])) == 0)
            continue;
        if (ATOMICC_TX_LOAD(__atomicc_tx, &(a[i])) < -100)
            break;
        {
#line 35 "tests/golden/exits.c"
            ATOMICC_TX_ADD(__atomicc_tx, &(hits), -, 1);
        }
#line 36 "tests/golden/exits.c"
        if (ATOMICC_TX_LOAD(__atomicc_tx, &(a[i])) == -1)
            goto out;
    }
} _Pragma("GCC diagnostic pop") }
#line 38 "tests/golden/exits.c"

    }
out:
    return -1;
}

int take(void)
{
    int v;
    { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") { __typeof__(v) volatile __atomicc_sv2 = v; atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point_restoring(__atomicc_tx, v = __atomicc_sv2;);
#line 47 "tests/golden/exits.c"
    {
#line 47 "tests/golden/exits.c"
        v = __atomicc_tx_pop(__atomicc_tx, &queue);
    }
} _Pragma("GCC diagnostic pop") }
#line 47 "tests/golden/exits.c"
     /* pop may retry: restart point registered */
    return v;
}

static void *consumer(void *arg)
{
    long sum = 0;
    for (int i = 0; i < 1000; i++)
        sum += take();
    *(long *)arg = sum;
    return NULL;
}

int main(void)
{
    pthread_t t;
    long sum = 0;
    pthread_create(&t, NULL, consumer, &sum);
    for (int i = 1; i <= 1000; i++) {
        { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") { atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point(__atomicc_tx);
#line 66 "tests/golden/exits.c"
    {
        if (ATOMICC_TX_LOAD(__atomicc_tx, &(queue.n)) == 8)
            atomicc_stm_retry(__atomicc_tx);
        ATOMICC_TX_STORE(__atomicc_tx, &(queue.items[ATOMICC_TX_POSTINC(__atomicc_tx, &(queue.n))]), (i));
    }
} _Pragma("GCC diagnostic pop") }
#line 70 "tests/golden/exits.c"

    }
    pthread_join(t, NULL);
    int a[] = {-5, 0, 7}, b[] = {-5, -1, 9}, c[] = {-500, 3}, d[] = {0, 0};
    printf("taken: %ld\n", sum);
    printf("first positive: %d %d %d %d\n", first_positive(a, 3), first_positive(b, 3), first_positive(c, 2),
           first_positive(d, 2));
    int h;
    { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") { __typeof__(h) volatile __atomicc_sv3 = h; atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point_restoring(__atomicc_tx, h = __atomicc_sv3;);
    if (atomicc_stm_solo(__atomicc_tx))
#line 78 "tests/golden/exits.c"
    {
#line 78 "tests/golden/exits.c"
        h = hits;
    }
    else
#line 78 "tests/golden/exits.c"
    {
#line 78 "tests/golden/exits.c"
        h = ATOMICC_TX_LOAD(__atomicc_tx, &(hits));
    }
} _Pragma("GCC diagnostic pop") }
#line 78 "tests/golden/exits.c"

    printf("hits: %d\n", h);
    return 0;
}
/* atomicc plan guards: the link fails if another object was lowered with a
 * different plan for one of these anchors (see compiler/objects.py). */
__asm__(
    /* fn:first_positive */
    ".ifndef __atomicc_plan_fn_3afirst__positive_75d0cbbb4f8558ef\n"
    ".ifdef .L__atomicc_plan_fn_3afirst__positive\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3afirst__positive are linked together (__atomicc_plan_fn_3afirst__positive_75d0cbbb4f8558ef)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3afirst__positive, 1\n"
    ".pushsection .atomicc.plan.fn_3afirst__positive,\"aG\",@progbits,__atomicc_plan_fn_3afirst__positive,comdat\n"
    ".globl __atomicc_plan_fn_3afirst__positive_75d0cbbb4f8558ef\n"
    ".hidden __atomicc_plan_fn_3afirst__positive_75d0cbbb4f8558ef\n"
    "__atomicc_plan_fn_3afirst__positive_75d0cbbb4f8558ef:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:main */
    ".ifndef __atomicc_plan_fn_3amain_125822645bf6335f\n"
    ".ifdef .L__atomicc_plan_fn_3amain\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3amain are linked together (__atomicc_plan_fn_3amain_125822645bf6335f)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3amain, 1\n"
    ".pushsection .atomicc.plan.fn_3amain,\"aG\",@progbits,__atomicc_plan_fn_3amain,comdat\n"
    ".globl __atomicc_plan_fn_3amain_125822645bf6335f\n"
    ".hidden __atomicc_plan_fn_3amain_125822645bf6335f\n"
    "__atomicc_plan_fn_3amain_125822645bf6335f:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:pop */
    ".ifndef __atomicc_plan_fn_3apop_f13d2194b1ecb133\n"
    ".ifdef .L__atomicc_plan_fn_3apop\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3apop are linked together (__atomicc_plan_fn_3apop_f13d2194b1ecb133)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3apop, 1\n"
    ".pushsection .atomicc.plan.fn_3apop,\"aG\",@progbits,__atomicc_plan_fn_3apop,comdat\n"
    ".globl __atomicc_plan_fn_3apop_f13d2194b1ecb133\n"
    ".hidden __atomicc_plan_fn_3apop_f13d2194b1ecb133\n"
    "__atomicc_plan_fn_3apop_f13d2194b1ecb133:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:take */
    ".ifndef __atomicc_plan_fn_3atake_f13d2194b1ecb133\n"
    ".ifdef .L__atomicc_plan_fn_3atake\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3atake are linked together (__atomicc_plan_fn_3atake_f13d2194b1ecb133)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3atake, 1\n"
    ".pushsection .atomicc.plan.fn_3atake,\"aG\",@progbits,__atomicc_plan_fn_3atake,comdat\n"
    ".globl __atomicc_plan_fn_3atake_f13d2194b1ecb133\n"
    ".hidden __atomicc_plan_fn_3atake_f13d2194b1ecb133\n"
    "__atomicc_plan_fn_3atake_f13d2194b1ecb133:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* tag:q */
    ".ifndef __atomicc_plan_tag_3aq_f13d2194b1ecb133\n"
    ".ifdef .L__atomicc_plan_tag_3aq\n"
    ".error \"atomicc: objects lowered with different plans for anchor tag_3aq are linked together (__atomicc_plan_tag_3aq_f13d2194b1ecb133)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_tag_3aq, 1\n"
    ".pushsection .atomicc.plan.tag_3aq,\"aG\",@progbits,__atomicc_plan_tag_3aq,comdat\n"
    ".globl __atomicc_plan_tag_3aq_f13d2194b1ecb133\n"
    ".hidden __atomicc_plan_tag_3aq_f13d2194b1ecb133\n"
    "__atomicc_plan_tag_3aq_f13d2194b1ecb133:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n");
extern const char __atomicc_plan_fn_3afirst__positive_75d0cbbb4f8558ef[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3amain_125822645bf6335f[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3apop_f13d2194b1ecb133[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3atake_f13d2194b1ecb133[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_tag_3aq_f13d2194b1ecb133[] __attribute__((visibility("hidden")));
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
static const void *const __atomicc_plan_refs_a71955119d87[] __attribute__((used)) __ATOMICC_PLAN_RETAIN = {
    __atomicc_plan_fn_3afirst__positive_75d0cbbb4f8558ef,
    __atomicc_plan_fn_3amain_125822645bf6335f,
    __atomicc_plan_fn_3apop_f13d2194b1ecb133,
    __atomicc_plan_fn_3atake_f13d2194b1ecb133,
    __atomicc_plan_tag_3aq_f13d2194b1ecb133,
};
#pragma GCC diagnostic pop
#undef __ATOMICC_PLAN_RETAIN
