#include "atomicc_rt.h"
#line 1 "tests/golden/exits.c"
/* Every way out of an atomic block, nested blocks and retry. */
#include <stddef.h>

struct q { int items[8]; int n; };
static struct q queue;
static int hits;

int pop(struct q *q)
{
    int v;
    { atomicc_pv_t __atomicc_pv1 __attribute__((cleanup(atomicc_pv_leave))); atomicc_pv_init_retry(&__atomicc_pv1); atomicc_pv_class(&__atomicc_pv1, 131u, ATOMICC_X); atomicc_pv_enter(&__atomicc_pv1); __atomicc_restart_1: ; {
        if (q->n == 0)
            { atomicc_pv_retry(&__atomicc_pv1); goto __atomicc_restart_1; }
        (*ATOMICC_LOGW(&(v))) = q->items[--(*ATOMICC_LOGW(&(q->n)))];
    } }
    return v;
}

int first_positive(const int *a, int n)
{
    for (int i = 0; i < n; i++) {
        { atomicc_pv_t __atomicc_pv2 __attribute__((cleanup(atomicc_pv_leave))); atomicc_pv_enter2(&__atomicc_pv2, (const void *)(&hits), ATOMICC_W, (const void *)(&a[i]), ATOMICC_R); {
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
    { atomicc_pv_t __atomicc_pv3 __attribute__((cleanup(atomicc_pv_leave))); atomicc_pv_init_retry(&__atomicc_pv3); atomicc_pv_class(&__atomicc_pv3, 131u, ATOMICC_X); atomicc_pv_enter(&__atomicc_pv3); if (__builtin_setjmp(*atomicc_pv_jmpbuf(&__atomicc_pv3))) { } { (*ATOMICC_LOGW(&(v))) = pop(&queue); } }     /* pop may retry: restart point registered */
    return v;
}
/* atomicc plan guards: the link fails if another object was lowered with a
 * different plan for one of these anchors (see compiler/objects.py). */
__asm__(
    /* fn:first_positive */
    ".ifndef __atomicc_plan_fn_3afirst__positive_369437906e2fc229\n"
    ".ifdef .L__atomicc_plan_fn_3afirst__positive\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3afirst__positive are linked together (__atomicc_plan_fn_3afirst__positive_369437906e2fc229)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3afirst__positive, 1\n"
    ".pushsection .atomicc.plan.fn_3afirst__positive,\"aG\",@progbits,__atomicc_plan_fn_3afirst__positive,comdat\n"
    ".globl __atomicc_plan_fn_3afirst__positive_369437906e2fc229\n"
    ".hidden __atomicc_plan_fn_3afirst__positive_369437906e2fc229\n"
    "__atomicc_plan_fn_3afirst__positive_369437906e2fc229:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:pop */
    ".ifndef __atomicc_plan_fn_3apop_7382e099472d8cbb\n"
    ".ifdef .L__atomicc_plan_fn_3apop\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3apop are linked together (__atomicc_plan_fn_3apop_7382e099472d8cbb)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3apop, 1\n"
    ".pushsection .atomicc.plan.fn_3apop,\"aG\",@progbits,__atomicc_plan_fn_3apop,comdat\n"
    ".globl __atomicc_plan_fn_3apop_7382e099472d8cbb\n"
    ".hidden __atomicc_plan_fn_3apop_7382e099472d8cbb\n"
    "__atomicc_plan_fn_3apop_7382e099472d8cbb:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:take */
    ".ifndef __atomicc_plan_fn_3atake_7382e099472d8cbb\n"
    ".ifdef .L__atomicc_plan_fn_3atake\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3atake are linked together (__atomicc_plan_fn_3atake_7382e099472d8cbb)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3atake, 1\n"
    ".pushsection .atomicc.plan.fn_3atake,\"aG\",@progbits,__atomicc_plan_fn_3atake,comdat\n"
    ".globl __atomicc_plan_fn_3atake_7382e099472d8cbb\n"
    ".hidden __atomicc_plan_fn_3atake_7382e099472d8cbb\n"
    "__atomicc_plan_fn_3atake_7382e099472d8cbb:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* tag:q */
    ".ifndef __atomicc_plan_tag_3aq_7382e099472d8cbb\n"
    ".ifdef .L__atomicc_plan_tag_3aq\n"
    ".error \"atomicc: objects lowered with different plans for anchor tag_3aq are linked together (__atomicc_plan_tag_3aq_7382e099472d8cbb)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_tag_3aq, 1\n"
    ".pushsection .atomicc.plan.tag_3aq,\"aG\",@progbits,__atomicc_plan_tag_3aq,comdat\n"
    ".globl __atomicc_plan_tag_3aq_7382e099472d8cbb\n"
    ".hidden __atomicc_plan_tag_3aq_7382e099472d8cbb\n"
    "__atomicc_plan_tag_3aq_7382e099472d8cbb:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n");
extern const char __atomicc_plan_fn_3afirst__positive_369437906e2fc229[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3apop_7382e099472d8cbb[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3atake_7382e099472d8cbb[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_tag_3aq_7382e099472d8cbb[] __attribute__((visibility("hidden")));
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
static const void *const __atomicc_plan_refs_6610f65d195c[] __attribute__((used)) __ATOMICC_PLAN_RETAIN = {
    __atomicc_plan_fn_3afirst__positive_369437906e2fc229,
    __atomicc_plan_fn_3apop_7382e099472d8cbb,
    __atomicc_plan_fn_3atake_7382e099472d8cbb,
    __atomicc_plan_tag_3aq_7382e099472d8cbb,
};
#pragma GCC diagnostic pop
#undef __ATOMICC_PLAN_RETAIN
