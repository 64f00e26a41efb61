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
    { atomicc_pv_t __atomicc_pv1 __attribute__((cleanup(atomicc_pv_leave))); atomicc_pv_init_retry(&__atomicc_pv1); atomicc_pv_class(&__atomicc_pv1, 52u, ATOMICC_X); atomicc_pv_enter(&__atomicc_pv1); __atomicc_restart_1: ; {
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
    { atomicc_pv_t __atomicc_pv3 __attribute__((cleanup(atomicc_pv_leave))); atomicc_pv_init_retry(&__atomicc_pv3); atomicc_pv_class(&__atomicc_pv3, 52u, ATOMICC_X); atomicc_pv_enter(&__atomicc_pv3); if (__builtin_setjmp(*atomicc_pv_jmpbuf(&__atomicc_pv3))) { } { (*ATOMICC_LOGW(&(v))) = pop(&queue); } }     /* pop may retry: restart point registered */
    return v;
}
