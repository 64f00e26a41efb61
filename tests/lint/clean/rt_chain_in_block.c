/*
 * rt_chain_in_block.c -- Atomic C; near miss of
 * retry-outside-atomic/call_chain_outside.c; pattern: "retry reached
 * through a chain that starts inside a block".
 *
 * pop_nonempty() (retry) <- pop_pair() <- drain(); drain() has no block of
 * its own, but its only caller, main, calls it inside an atomic block, and
 * the worker calls pop_pair() inside a block: every call path from a
 * thread start or main to the retry passes through a block.
 * No finding.
// NEAR-MISS: retry-outside-atomic
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

static int stack[16];
static int depth;

static int pop_nonempty(void)
{
    if (depth == 0)
        retry;
    return stack[--depth];
}

static int pop_pair(void)
{
    int a = pop_nonempty();
    int b = pop_nonempty();
    return a + b;
}

static int drain(void)
{
    return pop_pair();
}

static void *worker(void *arg)
{
    int s;
    (void)arg;
    atomic {
        s = pop_pair();
    }
    return (void *)(long)s;
}

int main(void)
{
    pthread_t w;
    int last;
    atomic {
        for (int i = 0; i < 6; i++)
            stack[depth++] = i;
    }
    pthread_create(&w, NULL, worker, NULL);
    pthread_join(w, NULL);
    atomic {
        last = drain();
    }
    printf("%d\n", last);
    return 0;
}
