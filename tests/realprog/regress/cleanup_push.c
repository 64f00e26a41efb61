/* Regression: cancellation-safe locking with pthread_cleanup_push/pop.
 * glibc's macros open a do { } while (0), call the handler through a local
 * function pointer on the cancellation path before __pthread_unwind_next
 * (which does not return), and end with `if (1) handler(arg);`.  The linter
 * reported the counter as racing (the unwind path's unlock reached the
 * body) and the mutex as leaked (the `if (1)` was taken as maybe false).
 * Expected: atomicc lint reports nothing; the program prints 3. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready_cv = PTHREAD_COND_INITIALIZER;
static int ready;
static long served;

static void unlock_mutex(void *m)
{
    pthread_mutex_unlock(m);
}

static void *server(void *arg)
{
    pthread_mutex_lock(&lock);
    pthread_cleanup_push(unlock_mutex, &lock);
    while (!ready)
        pthread_cond_wait(&ready_cv, &lock);
    served++;
    pthread_cleanup_pop(1);
    return arg;
}

int main(void)
{
    pthread_t t[3];
    int i;

    for (i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, server, NULL);
    pthread_mutex_lock(&lock);
    ready = 1;
    pthread_cond_broadcast(&ready_cv);
    pthread_mutex_unlock(&lock);
    for (i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    printf("%ld\n", served);
    return 0;
}
