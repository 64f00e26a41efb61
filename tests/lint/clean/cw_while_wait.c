/*
 * cw_while_wait.c -- near miss of cond-wait-no-loop/if_wait.c; pattern:
 * "predicate re-tested in a while loop".
 *
 * The waiter re-tests `ready` in a `while` loop around pthread_cond_wait,
 * so spurious or stolen wake-ups go back to waiting.  pthread_cond_wait
 * releases and re-acquires `m` internally: the final unlock is of a held
 * lock.  All shared accesses hold `m`.
 * No finding.
// NEAR-MISS: cond-wait-no-loop unlock-not-held
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready_cv = PTHREAD_COND_INITIALIZER;
static int ready;
static int value;

static void *waiter(void *arg)
{
    int v;
    (void)arg;
    pthread_mutex_lock(&m);
    while (!ready)
        pthread_cond_wait(&ready_cv, &m);
    v = value;
    pthread_mutex_unlock(&m);
    return (void *)(long)v;
}

static void *setter(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&m);
    value = 42;
    ready = 1;
    pthread_cond_signal(&ready_cv);
    pthread_mutex_unlock(&m);
    return NULL;
}

int main(void)
{
    pthread_t w, s;
    pthread_create(&w, NULL, waiter, NULL);
    pthread_create(&s, NULL, setter, NULL);
    pthread_join(w, NULL);
    pthread_join(s, NULL);
    puts("done");
    return 0;
}
