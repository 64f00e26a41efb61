/*
 * wrapper_leak.c -- pattern: "leak through lock wrappers".
 *
 * acquire()/release() wrap pthread_mutex_lock/unlock; they are consistent
 * wrappers (acquire() returns holding its argument on every path, by
 * design) and are not findings themselves.  enqueue() calls
 * acquire(&q_lock) and, when the queue is full, returns -1 without calling
 * release(): lock-leak#1, tagged at the acquire(&q_lock) call and at the
 * early return.  Each producer thread calls enqueue() once.
 */
#include <pthread.h>
#include <stdio.h>

#define CAP 1

static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static int items[CAP];
static int count;

static void acquire(pthread_mutex_t *l)
{
    pthread_mutex_lock(l);
}

static void release(pthread_mutex_t *l)
{
    pthread_mutex_unlock(l);
}

static int enqueue(int v)
{
    acquire(&q_lock); // LINT: lock-leak#1
    if (count == CAP)
        return -1; // LINT: lock-leak#1
    items[count++] = v;
    release(&q_lock);
    return 0;
}

static void *producer(void *arg)
{
    return (void *)(long)enqueue((int)(long)arg);
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, producer, (void *)1L);
    pthread_create(&b, NULL, producer, (void *)2L);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    puts("done");
    return 0;
}
