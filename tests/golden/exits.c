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
        atomic {
            if (queue.n == 8)
                retry;              /* full: wait for the consumer */
            queue.items[queue.n++] = i;
        }
    }
    pthread_join(t, NULL);
    int a[] = {-5, 0, 7}, b[] = {-5, -1, 9}, c[] = {-500, 3}, d[] = {0, 0};
    printf("taken: %ld\n", sum);
    printf("first positive: %d %d %d %d\n", first_positive(a, 3), first_positive(b, 3), first_positive(c, 2),
           first_positive(d, 2));
    int h;
    atomic { h = hits; }
    printf("hits: %d\n", h);
    return 0;
}
