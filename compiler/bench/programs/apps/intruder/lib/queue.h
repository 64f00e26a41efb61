/* queue.h - a bounded FIFO queue of pointers (a ring buffer).  No locking:
 * callers run these inside atomic blocks. */
#ifndef INTRUDER_QUEUE_H
#define INTRUDER_QUEUE_H

typedef struct queue {
    void **items;
    long capacity;
    long head;              /* index of the oldest item */
    long count;
} queue_t;

queue_t *queue_new(long capacity);
void queue_free(queue_t *q);
int queue_is_empty(const queue_t *q);
/* 0 if the queue is full. */
int queue_push(queue_t *q, void *item);
/* The oldest item, or NULL if the queue is empty. */
void *queue_pop(queue_t *q);

#endif
