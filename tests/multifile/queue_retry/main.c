/*
 * queue_retry - producers, movers and consumers around queue.c.
 *
 * Two producers queue_put 1..50000 into q1.  Two movers take from q1 and
 * put the double into q2 in one block, so queue_put's retry (q2 full)
 * must also undo the queue_get before it.  One consumer takes single
 * values with `atomic { v = queue_take(&q2); ... }` (queue_take retries
 * without a block of its own); the other takes two per block, and the
 * second take's retry must put the first value back.  The sum of what is
 * consumed is exact.
 */
// EXPECT: q1: 50000 in 50000 out
// EXPECT: q2: 50000 in 50000 out
// EXPECT: consumed: 50000
// EXPECT: sum: 2500050000
// LEGAL: global pervar stm

#include <pthread.h>
#include <stdio.h>
#include "queue.h"

#define PER 25000      /* per producer, per mover, per consumer */

static struct queue q1, q2;
static long consumed, sum;
static pthread_barrier_t gate;

static void *producer(void *arg)
{
    long id = (long)arg;
    pthread_barrier_wait(&gate);
    for (long i = 1; i <= PER; i++)
        queue_put(&q1, id * PER + i);
    return NULL;
}

static void *mover(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&gate);
    for (int i = 0; i < PER; i++) {
        atomic {
            long v = queue_get(&q1);
            queue_put(&q2, v * 2);
        }
    }
    return NULL;
}

static void *single(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&gate);
    for (int i = 0; i < PER; i++) {
        atomic {
            long v = queue_take(&q2);
            sum += v;
            consumed++;
        }
    }
    return NULL;
}

static void *pairs(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&gate);
    for (int i = 0; i < PER / 2; i++) {
        atomic {
            long a = queue_take(&q2);
            long b = queue_take(&q2);
            sum += a + b;
            consumed += 2;
        }
    }
    return NULL;
}

int main(void)
{
    queue_init(&q1);
    queue_init(&q2);
    void *(*const roles[6])(void *) = { producer, producer, mover, mover, single, pairs };
    pthread_t t[6];
    pthread_barrier_init(&gate, NULL, 6);
    for (long i = 0; i < 6; i++)
        pthread_create(&t[i], NULL, roles[i], (void *)i);
    for (int i = 0; i < 6; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&gate);
    printf("q1: %ld in %ld out\n", queue_puts(&q1), queue_gets(&q1));
    printf("q2: %ld in %ld out\n", queue_puts(&q2), queue_gets(&q2));
    printf("consumed: %ld\n", consumed);
    printf("sum: %ld\n", sum);
    return 0;
}
