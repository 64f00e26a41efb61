/*
 * no_predicate.c -- pattern: "wait with no predicate at all".
 *
 * The worker waits for a `go` broadcast without checking any state: if
 * the broadcast comes before the wait it is lost, and a spurious wake-up
 * starts the work early.  cond-wait-no-loop#1 at the timed wait (a
 * timeout of one second keeps the program bounded).  `started` is only
 * accessed with `m` held.
 */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t go_cv = PTHREAD_COND_INITIALIZER;
static int started;

static void *worker(void *arg)
{
    struct timespec deadline;
    (void)arg;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 1;
    pthread_mutex_lock(&m);
    pthread_cond_timedwait(&go_cv, &m, &deadline); // LINT: cond-wait-no-loop#1
    started++;
    pthread_mutex_unlock(&m);
    return NULL;
}

int main(void)
{
    pthread_t w;
    pthread_create(&w, NULL, worker, NULL);
    pthread_mutex_lock(&m);
    pthread_cond_broadcast(&go_cv);
    pthread_mutex_unlock(&m);
    pthread_join(w, NULL);
    printf("%d\n", started);
    return 0;
}
