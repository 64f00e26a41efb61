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
    { atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter(); __atomicc_restart_1: ; {
        if (q->n == 0)
            { atomicc_global_retry(&__atomicc_g1); goto __atomicc_restart_1; }
        (*ATOMICC_LOGW(&(v))) = q->items[--(*ATOMICC_LOGW(&(q->n)))];
    } }
    return v;
}

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
    { atomicc_guard_t __atomicc_g3 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter(); if (__builtin_setjmp(*atomicc_global_jmpbuf(&__atomicc_g3))) { } { (*ATOMICC_LOGW(&(v))) = pop(&queue); } }     /* pop may retry: restart point registered */
    return v;
}
