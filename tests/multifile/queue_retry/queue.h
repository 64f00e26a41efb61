/* queue.h - a bounded FIFO whose operations wait with retry */
#ifndef QUEUE_H
#define QUEUE_H

#define QCAP 16

struct queue {
    long items[QCAP];
    int head, count;
    long puts, gets;
};

void queue_init(struct queue *q);
void queue_put(struct queue *q, long v);   /* own block; retries while full */
long queue_get(struct queue *q);           /* own block; retries while empty */
long queue_take(struct queue *q);          /* no block: call it inside one; retries while empty */
long queue_puts(struct queue *q);
long queue_gets(struct queue *q);

#endif
