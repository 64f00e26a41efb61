/*
 * thread_start_calls.c -- Atomic C; pattern: "thread start routine calls a
 * retrying function directly".
 *
 * wait_token() contains `retry;`.  The `fast` thread wraps its call in an
 * atomic block; the `sloppy` thread calls wait_token() straight from its
 * start routine, outside any block: retry-outside-atomic#1.
 * Consequence: in `sloppy`, wait_token() reads and decrements `tokens`
 * outside any block while main's block (and `fast`'s block) update it:
 * data-race#1 (the two lines of wait_token() and main's update).
 */
#include <pthread.h>
#include <stdio.h>

static int tokens;

static void wait_token(void)
{
    if (tokens == 0) // LINT: data-race#1
        retry; // LINT: retry-outside-atomic#1
    tokens--; // LINT: data-race#1
}

static void *fast(void *arg)
{
    (void)arg;
    atomic {
        wait_token();
    }
    return NULL;
}

static void *sloppy(void *arg)
{
    (void)arg;
    wait_token(); // LINT: retry-outside-atomic#1
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, fast, NULL);
    pthread_create(&b, NULL, sloppy, NULL);
    atomic {
        tokens += 2; // LINT: data-race#1
    }
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%d\n", tokens);
    return 0;
}
