/* queue.h -- the queue of clean/rt_mf_queue (see main.c). */
#ifndef QUEUE_H
#define QUEUE_H
void queue_put(long v);       /* call inside an atomic block */
long queue_take(void);        /* contains retry: call inside an atomic block only */
#endif
