/*
 * cw_bounded_queue_while.c -- near miss of
 * cond-wait-no-loop/bounded_queue_if.c; pattern: "bounded buffer with
 * while loops".
 *
 * put() and take() re-test `count` in `while` loops around their waits.
 * All accesses of the buffer hold `m`.  The producer puts exactly as many
 * items as the two consumers take.
 * No finding.
// NEAR-MISS: cond-wait-no-loop data-race
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

#define CAP 2
#define PER_CONSUMER 50

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static int buf[CAP];
static int head, count;

static void put(int v)
{
    pthread_mutex_lock(&m);
    while (count == CAP)
        pthread_cond_wait(&not_full, &m);
    buf[(head + count) % CAP] = v;
    count++;
    pthread_cond_signal(&not_empty);
    pthread_mutex_unlock(&m);
}

static int take(void)
{
    int v;
    pthread_mutex_lock(&m);
    while (count == 0)
        pthread_cond_wait(&not_empty, &m);
    v = buf[head];
    head = (head + 1) % CAP;
    count--;
    pthread_cond_signal(&not_full);
    pthread_mutex_unlock(&m);
    return v;
}

static void *producer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 2 * PER_CONSUMER; i++)
        put(i);
    return NULL;
}

static void *consumer(void *arg)
{
    long s = 0;
    (void)arg;
    for (int i = 0; i < PER_CONSUMER; i++)
        s += take();
    return (void *)s;
}

int main(void)
{
    pthread_t p, c1, c2;
    pthread_create(&p, NULL, producer, NULL);
    pthread_create(&c1, NULL, consumer, NULL);
    pthread_create(&c2, NULL, consumer, NULL);
    pthread_join(p, NULL);
    pthread_join(c1, NULL);
    pthread_join(c2, NULL);
    puts("done");
    return 0;
}
