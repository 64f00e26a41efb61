/*
 * if_wait.c -- pattern: "condition tested with if".
 *
 * The waiter tests `ready` once with `if` and then waits on `ready_cv`;
 * after pthread_cond_wait returns it assumes `ready` is set.  A spurious
 * wake-up (or a stolen wake-up) returns with the predicate still false:
 * cond-wait-no-loop#1 at the wait call.  All accesses to `ready` and
 * `value` hold `m`.
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
    if (!ready)
        pthread_cond_wait(&ready_cv, &m); // LINT: cond-wait-no-loop#1
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
