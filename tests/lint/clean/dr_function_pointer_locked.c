/*
 * dr_function_pointer_locked.c -- near miss of
 * data-race/function_pointer_swap.c; pattern: "global function pointer
 * swapped and called under one mutex".
 *
 * Same shape: `configurer` switches the global `handler` to on_verbose
 * and `dispatcher` calls through it.  Here both the assignment and the
 * call (the read of the pointer) hold `cfg_lock`, as do the write and
 * read of `mode`.  The handlers' counters are only touched by dispatcher
 * (under the lock) and by main after the joins.
 * No finding.
// NEAR-MISS: data-race
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t cfg_lock = PTHREAD_MUTEX_INITIALIZER;
static long quiet_events, verbose_events;
static int mode;

static void on_quiet(void)
{
    quiet_events++;
}

static void on_verbose(void)
{
    verbose_events++;
}

static void (*handler)(void) = on_quiet;

static void *configurer(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&cfg_lock);
    mode = 1;
    handler = on_verbose;
    pthread_mutex_unlock(&cfg_lock);
    return NULL;
}

static void *dispatcher(void *arg)
{
    (void)arg;
    int seen = 0;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&cfg_lock);
        handler();
        seen = mode;
        pthread_mutex_unlock(&cfg_lock);
    }
    return (void *)(long)seen;
}

int main(void)
{
    pthread_t c, d;
    pthread_create(&d, NULL, dispatcher, NULL);
    pthread_create(&c, NULL, configurer, NULL);
    pthread_join(c, NULL);
    pthread_join(d, NULL);
    printf("%ld %ld %d\n", quiet_events, verbose_events, mode);
    return 0;
}
