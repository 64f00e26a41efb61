/*
 * function_pointer_swap.c -- pattern: "global function pointer swapped
 * and called without a lock".
 *
 * `handler` is a global function pointer.  `configurer` switches it to
 * on_verbose; `dispatcher` calls through it (`handler()` reads the
 * pointer) with no lock on either side: data-race#1 (the assignment and
 * the call line).  Whichever handler runs only touches counters that no
 * other thread touches before the joins, and `mode` is changed under
 * `cfg_lock` and read under it (near miss: not a race).
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
    pthread_mutex_unlock(&cfg_lock);
    handler = on_verbose; // LINT: data-race#1
    return NULL;
}

static void *dispatcher(void *arg)
{
    (void)arg;
    int seen = 0;
    for (int i = 0; i < 100; i++) {
        handler(); // LINT: data-race#1
        pthread_mutex_lock(&cfg_lock);
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
