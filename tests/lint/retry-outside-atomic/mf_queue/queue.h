/* queue.h -- the queue of retry-outside-atomic/mf_queue (see main.c). */
#ifndef QUEUE_H
#define QUEUE_H
void queue_put(long v);       /* call inside an atomic block */
long queue_take(void);        /* contains retry: call inside an atomic block only */
#endif
