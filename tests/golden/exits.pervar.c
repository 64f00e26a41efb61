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
    { atomicc_pv_t __atomicc_pv3 __attribute__((cleanup(atomicc_pv_leave))); atomicc_pv_init_retry(&__atomicc_pv3); atomicc_pv_class(&__atomicc_pv3, 131u, ATOMICC_X); atomicc_pv_enter(&__atomicc_pv3); if (__builtin_setjmp(*atomicc_pv_jmpbuf(&__atomicc_pv3))) { } { v = pop(&queue); } }     /* pop may retry: restart point registered */
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
        { atomicc_pv_t __atomicc_pv4 __attribute__((cleanup(atomicc_pv_leave))); atomicc_pv_init_retry(&__atomicc_pv4); atomicc_pv_class(&__atomicc_pv4, 131u, ATOMICC_X); atomicc_pv_enter(&__atomicc_pv4); __atomicc_restart_4: ; {
            if (queue.n == 8)
                { atomicc_pv_retry(&__atomicc_pv4); goto __atomicc_restart_4; }              /* full: wait for the consumer */
            queue.items[queue.n++] = i;
        } }
    }
    pthread_join(t, NULL);
    int a[] = {-5, 0, 7}, b[] = {-5, -1, 9}, c[] = {-500, 3}, d[] = {0, 0};
    printf("taken: %ld\n", sum);
    printf("first positive: %d %d %d %d\n", first_positive(a, 3), first_positive(b, 3), first_positive(c, 2),
           first_positive(d, 2));
    int h;
    { atomicc_pv_t __atomicc_pv5 __attribute__((cleanup(atomicc_pv_leave))); atomicc_pv_enter1(&__atomicc_pv5, (const void *)(&hits), ATOMICC_R); { h = hits; } }
    printf("hits: %d\n", h);
    return 0;
}
/* atomicc plan guards: the link fails if another object was lowered with a
 * different plan for one of these anchors (see compiler/objects.py). */
__asm__(
    /* fn:first_positive */
    ".ifndef __atomicc_plan_fn_3afirst__positive_01b703efdb434373\n"
    ".ifdef .L__atomicc_plan_fn_3afirst__positive\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3afirst__positive are linked together (__atomicc_plan_fn_3afirst__positive_01b703efdb434373)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3afirst__positive, 1\n"
    ".pushsection .atomicc.plan.fn_3afirst__positive,\"aG\",@progbits,__atomicc_plan_fn_3afirst__positive,comdat\n"
    ".globl __atomicc_plan_fn_3afirst__positive_01b703efdb434373\n"
    ".hidden __atomicc_plan_fn_3afirst__positive_01b703efdb434373\n"
    "__atomicc_plan_fn_3afirst__positive_01b703efdb434373:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:main */
    ".ifndef __atomicc_plan_fn_3amain_4e3fecb22a93a9d8\n"
    ".ifdef .L__atomicc_plan_fn_3amain\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3amain are linked together (__atomicc_plan_fn_3amain_4e3fecb22a93a9d8)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3amain, 1\n"
    ".pushsection .atomicc.plan.fn_3amain,\"aG\",@progbits,__atomicc_plan_fn_3amain,comdat\n"
    ".globl __atomicc_plan_fn_3amain_4e3fecb22a93a9d8\n"
    ".hidden __atomicc_plan_fn_3amain_4e3fecb22a93a9d8\n"
    "__atomicc_plan_fn_3amain_4e3fecb22a93a9d8:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:pop */
    ".ifndef __atomicc_plan_fn_3apop_ecfcadf49bf5b75c\n"
    ".ifdef .L__atomicc_plan_fn_3apop\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3apop are linked together (__atomicc_plan_fn_3apop_ecfcadf49bf5b75c)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3apop, 1\n"
    ".pushsection .atomicc.plan.fn_3apop,\"aG\",@progbits,__atomicc_plan_fn_3apop,comdat\n"
    ".globl __atomicc_plan_fn_3apop_ecfcadf49bf5b75c\n"
    ".hidden __atomicc_plan_fn_3apop_ecfcadf49bf5b75c\n"
    "__atomicc_plan_fn_3apop_ecfcadf49bf5b75c:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:take */
    ".ifndef __atomicc_plan_fn_3atake_ecfcadf49bf5b75c\n"
    ".ifdef .L__atomicc_plan_fn_3atake\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3atake are linked together (__atomicc_plan_fn_3atake_ecfcadf49bf5b75c)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3atake, 1\n"
    ".pushsection .atomicc.plan.fn_3atake,\"aG\",@progbits,__atomicc_plan_fn_3atake,comdat\n"
    ".globl __atomicc_plan_fn_3atake_ecfcadf49bf5b75c\n"
    ".hidden __atomicc_plan_fn_3atake_ecfcadf49bf5b75c\n"
    "__atomicc_plan_fn_3atake_ecfcadf49bf5b75c:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* tag:q */
    ".ifndef __atomicc_plan_tag_3aq_ecfcadf49bf5b75c\n"
    ".ifdef .L__atomicc_plan_tag_3aq\n"
    ".error \"atomicc: objects lowered with different plans for anchor tag_3aq are linked together (__atomicc_plan_tag_3aq_ecfcadf49bf5b75c)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_tag_3aq, 1\n"
    ".pushsection .atomicc.plan.tag_3aq,\"aG\",@progbits,__atomicc_plan_tag_3aq,comdat\n"
    ".globl __atomicc_plan_tag_3aq_ecfcadf49bf5b75c\n"
    ".hidden __atomicc_plan_tag_3aq_ecfcadf49bf5b75c\n"
    "__atomicc_plan_tag_3aq_ecfcadf49bf5b75c:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n");
extern const char __atomicc_plan_fn_3afirst__positive_01b703efdb434373[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3amain_4e3fecb22a93a9d8[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3apop_ecfcadf49bf5b75c[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3atake_ecfcadf49bf5b75c[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_tag_3aq_ecfcadf49bf5b75c[] __attribute__((visibility("hidden")));
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
static const void *const __atomicc_plan_refs_d39baef9bc64[] __attribute__((used)) __ATOMICC_PLAN_RETAIN = {
    __atomicc_plan_fn_3afirst__positive_01b703efdb434373,
    __atomicc_plan_fn_3amain_4e3fecb22a93a9d8,
    __atomicc_plan_fn_3apop_ecfcadf49bf5b75c,
    __atomicc_plan_fn_3atake_ecfcadf49bf5b75c,
    __atomicc_plan_tag_3aq_ecfcadf49bf5b75c,
};
#pragma GCC diagnostic pop
#undef __ATOMICC_PLAN_RETAIN
