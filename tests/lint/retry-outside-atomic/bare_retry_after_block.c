/*
 * bare_retry_after_block.c -- Atomic C; pattern: "retry written after the
 * block instead of inside it".
 *
 * The consumer's block reads `ready` into a local; the `retry;` that was
 * meant to wait for it stands *after* the closing brace, outside every
 * block: retry-outside-atomic#1 (there is no call to tag: the retry is
 * directly in the thread function).  The retry inside the producer-side
 * wait block is fine.
 */
#include <pthread.h>
#include <stdio.h>

static int ready;
static int data;

static void *consumer(void *arg)
{
    int ok, v = 0;
    (void)arg;
    atomic {
        ok = ready;
        if (ok)
            v = data;
    }
    if (!ok)
        retry; // LINT: retry-outside-atomic#1
    return (void *)(long)v;
}

static void *producer(void *arg)
{
    (void)arg;
    atomic {
        data = 7;
        ready = 1;
    }
    atomic {
        if (ready == 1)
            retry;
    }
    return NULL;
}

int main(void)
{
    pthread_t c, p;
    pthread_create(&c, NULL, consumer, NULL);
    pthread_create(&p, NULL, producer, NULL);
    pthread_join(c, NULL);
    atomic {
        ready = 2;
    }
    pthread_join(p, NULL);
    return 0;
}
