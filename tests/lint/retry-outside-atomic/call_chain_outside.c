/*
 * call_chain_outside.c -- Atomic C; pattern: "retry reached through a
 * chain of calls outside any block".
 *
 * pop_nonempty() contains `retry;`; pop_pair() calls it twice; the
 * worker calls pop_pair() inside a block (fine), but drain() calls
 * pop_pair() with no block and main calls drain() with no block either:
 * retry-outside-atomic#1, tagged at the `retry;` and at every call on
 * that outside path (drain()'s call of pop_pair(), pop_pair()'s call of
 * pop_nonempty() and main's call of drain()).
 */
#include <pthread.h>
#include <stdio.h>

static int stack[16];
static int depth;

static int pop_nonempty(void)
{
    if (depth == 0)
        retry; // LINT: retry-outside-atomic#1
    return stack[--depth];
}

static int pop_pair(void)
{
    int a = pop_nonempty(); // LINT: retry-outside-atomic#1
    int b = pop_nonempty(); // LINT: retry-outside-atomic#1
    return a + b;
}

static int drain(void)
{
    return pop_pair(); // LINT: retry-outside-atomic#1
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
    atomic {
        for (int i = 0; i < 6; i++)
            stack[depth++] = i;
    }
    pthread_create(&w, NULL, worker, NULL);
    pthread_join(w, NULL);
    printf("%d\n", drain()); // LINT: retry-outside-atomic#1
    return 0;
}
