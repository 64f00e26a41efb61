/*
 * semaphore_bypassed.c -- pattern: "semaphore used as a lock, bypassed by
 * one thread".
 *
 * `gate` is a binary semaphore (initial value 1) used as a lock:
 * sem_wait ... sem_post around updates of `queue_len`.  The enqueuer
 * respects it; the "fast path" drainer reads and clears `queue_len`
 * without sem_wait: data-race#1 (the protected update and the unprotected
 * accesses).  `enqueued` is only written between sem_wait/sem_post by the
 * enqueuer: not a race.
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

static sem_t gate;
static int queue_len;
static int enqueued;

static void *enqueuer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        sem_wait(&gate);
        queue_len++; // LINT: data-race#1
        enqueued++;
        sem_post(&gate);
    }
    return NULL;
}

static void *drainer(void *arg)
{
    int drained = 0;
    (void)arg;
    for (int i = 0; i < 100; i++) {
        if (queue_len > 0) { // LINT: data-race#1
            drained += queue_len; // LINT: data-race#1
            queue_len = 0; // LINT: data-race#1
        }
    }
    return (void *)(long)drained;
}

int main(void)
{
    pthread_t e, d;
    sem_init(&gate, 0, 1);
    pthread_create(&e, NULL, enqueuer, NULL);
    pthread_create(&d, NULL, drainer, NULL);
    pthread_join(e, NULL);
    pthread_join(d, NULL);
    printf("%d %d\n", queue_len, enqueued);
    sem_destroy(&gate);
    return 0;
}
