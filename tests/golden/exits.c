/* Every way out of an atomic block, nested blocks and retry. */
#include <stddef.h>

struct q { int items[8]; int n; };
static struct q queue;
static int hits;

int pop(struct q *q)
{
    int v;
    atomic {
        if (q->n == 0)
            retry;
        v = q->items[--q->n];
    }
    return v;
}

int first_positive(const int *a, int n)
{
    for (int i = 0; i < n; i++) {
        atomic {
            hits++;
            if (a[i] > 0)
                return a[i];        /* the guard's cleanup releases the lock */
            if (a[i] == 0)
                continue;
            if (a[i] < -100)
                break;
            atomic { hits--; }      /* nested: flattened */
            if (a[i] == -1)
                goto out;
        }
    }
out:
    return -1;
}

int take(void)
{
    int v;
    atomic { v = pop(&queue); }     /* pop may retry: restart point registered */
    return v;
}
