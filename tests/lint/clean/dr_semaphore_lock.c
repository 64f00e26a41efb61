/*
 * dr_semaphore_lock.c -- near miss of data-race/semaphore_bypassed.c;
 * pattern: "semaphore used as a lock by every thread".
 *
 * `gate` is a binary semaphore (initial value 1).  Both the enqueuer and
 * the drainer bracket every access of `queue_len` and `enqueued` with
 * sem_wait/sem_post, so the accesses are mutually exclusive.
 * No finding.
// NEAR-MISS: data-race
// LINT-CLEAN
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
        queue_len++;
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
        sem_wait(&gate);
        if (queue_len > 0) {
            drained += queue_len;
            queue_len = 0;
        }
        sem_post(&gate);
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
