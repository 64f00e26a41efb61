/* queue.c - see queue.h. */
#include <stdlib.h>
#include "lib/queue.h"

queue_t *queue_new(long capacity)
{
    queue_t *q = malloc(sizeof *q);
    if (!q)
        abort();
    q->items = malloc(sizeof(void *) * (size_t)capacity);
    if (!q->items)
        abort();
    q->capacity = capacity;
    q->head = 0;
    q->count = 0;
    return q;
}

void queue_free(queue_t *q)
{
    free(q->items);
    free(q);
}

int queue_is_empty(const queue_t *q)
{
    return q->count == 0;
}

int queue_push(queue_t *q, void *item)
{
    if (q->count == q->capacity)
        return 0;
    long tail = q->head + q->count;
    if (tail >= q->capacity)
        tail -= q->capacity;
    q->items[tail] = item;
    q->count++;
    return 1;
}

void *queue_pop(queue_t *q)
{
    if (q->count == 0)
        return NULL;
    void *item = q->items[q->head];
    q->head = q->head + 1 == q->capacity ? 0 : q->head + 1;
    q->count--;
    return item;
}
