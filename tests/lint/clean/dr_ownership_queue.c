/*
 * dr_ownership_queue.c -- near miss of data-race/handoff_then_write.c;
 * pattern: "ownership transfer through a mutex-protected queue".
 *
 * The producer allocates each `struct msg`, fills every field, and then
 * pushes the pointer into a ring protected by `q_lock`; after the push it
 * never touches the message again.  The consumer pops under `q_lock` and
 * only then reads and frees the message.  The unlock after the push and
 * the lock before the pop order the producer's writes before the
 * consumer's reads (the message is owned by one thread at a time).  The
 * ring indices and slots are only accessed under `q_lock`.  The consumer
 * stops after NMSG messages or a bounded number of polls.
 * No finding.
// NEAR-MISS: data-race
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NMSG 8
#define CAP 4

struct msg {
    int body;
    int stamp;
};

static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static struct msg *ring[CAP];
static int head, count;

static int push(struct msg *m)
{
    int ok = 0;
    pthread_mutex_lock(&q_lock);
    if (count < CAP) {
        ring[(head + count) % CAP] = m;
        count++;
        ok = 1;
    }
    pthread_mutex_unlock(&q_lock);
    return ok;
}

static struct msg *pop(void)
{
    struct msg *m = NULL;
    pthread_mutex_lock(&q_lock);
    if (count > 0) {
        m = ring[head];
        head = (head + 1) % CAP;
        count--;
    }
    pthread_mutex_unlock(&q_lock);
    return m;
}

static void *producer(void *arg)
{
    (void)arg;
    for (int i = 0; i < NMSG; i++) {
        struct msg *m = malloc(sizeof *m);
        if (!m)
            break;
        m->body = i;
        m->stamp = 100 + i;
        int tries = 0;
        while (!push(m) && tries < 1000000)
            tries++;
        if (tries == 1000000)
            break;          /* m may now be owned by nobody: leak it, never touch it */
    }
    return NULL;
}

static void *consumer(void *arg)
{
    long sum = 0;
    int got = 0;
    (void)arg;
    for (long polls = 0; polls < 10000000L && got < NMSG; polls++) {
        struct msg *m = pop();
        if (m) {
            sum += m->body + m->stamp;
            free(m);
            got++;
        }
    }
    return (void *)sum;
}

int main(void)
{
    pthread_t p, c;
    void *r;
    pthread_create(&c, NULL, consumer, NULL);
    pthread_create(&p, NULL, producer, NULL);
    pthread_join(p, NULL);
    pthread_join(c, &r);
    printf("%ld\n", (long)r);
    return 0;
}
