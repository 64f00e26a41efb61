/*
 * handoff_then_write.c -- pattern: "ownership transfer broken: the sender
 * keeps writing after the hand-off".
 *
 * The producer fills a heap `struct msg`, puts the pointer in a one-slot
 * mailbox protected by `box_lock`, and then -- after the hand-off -- sets
 * `m->stamp` without any lock.  The consumer takes the pointer out of the
 * mailbox under `box_lock` and reads `m->stamp`.  The producer's late write
 * is not ordered with the consumer's read (nor with its free(m), also
 * tagged): data-race#1.  `m->body`,
 * written before the hand-off and read after taking the message, is
 * ordered by the mailbox lock: not a race (ownership transfer).  The
 * mailbox slot itself is always accessed under `box_lock`.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct msg {
    int body;
    int stamp;
};

static pthread_mutex_t box_lock = PTHREAD_MUTEX_INITIALIZER;
static struct msg *mailbox;

static void *producer(void *arg)
{
    (void)arg;
    struct msg *m = malloc(sizeof *m);
    if (!m)
        return NULL;
    m->body = 7;
    pthread_mutex_lock(&box_lock);
    mailbox = m;
    pthread_mutex_unlock(&box_lock);
    m->stamp = 99; // LINT: data-race#1
    return NULL;
}

static void *consumer(void *arg)
{
    long got = -1;
    (void)arg;
    for (int tries = 0; tries < 1000000; tries++) {
        struct msg *m;
        pthread_mutex_lock(&box_lock);
        m = mailbox;
        mailbox = NULL;
        pthread_mutex_unlock(&box_lock);
        if (m) {
            got = m->body + m->stamp; // LINT: data-race#1
            free(m); // LINT: data-race#1
            break;
        }
    }
    return (void *)got;
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
