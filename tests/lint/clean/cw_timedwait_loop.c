/*
 * cw_timedwait_loop.c -- near miss of cond-wait-no-loop/timedwait_if.c
 * and cond-wait-no-loop/no_predicate.c; pattern: "timed wait in a loop
 * that re-tests the predicate" (for-loop and do-while forms).
 *
 * wait_for_result() loops `while (!done)` around pthread_cond_timedwait
 * and leaves the loop on ETIMEDOUT; wait_for_go() uses a do/while that
 * re-tests `go` after every wake-up.  Both re-test the predicate after
 * each wait.  All shared accesses hold `m`.
 * No finding.
// NEAR-MISS: cond-wait-no-loop
// LINT-CLEAN
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done_cv = PTHREAD_COND_INITIALIZER;
static pthread_cond_t go_cv = PTHREAD_COND_INITIALIZER;
static int done, go;
static long result;

static long wait_for_result(void)
{
    struct timespec deadline;
    long r = -1;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 2;
    pthread_mutex_lock(&m);
    for (;;) {
        if (done) {
            r = result;
            break;
        }
        if (pthread_cond_timedwait(&done_cv, &m, &deadline) == ETIMEDOUT)
            break;
    }
    pthread_mutex_unlock(&m);
    return r;
}

static void wait_for_go(void)
{
    pthread_mutex_lock(&m);
    if (!go) {
        do {
            pthread_cond_wait(&go_cv, &m);
        } while (!go);
    }
    pthread_mutex_unlock(&m);
}

static void *computer(void *arg)
{
    long s = 0;
    (void)arg;
    wait_for_go();
    for (long i = 0; i < 10000; i++)
        s += i;
    pthread_mutex_lock(&m);
    result = s;
    done = 1;
    pthread_cond_signal(&done_cv);
    pthread_mutex_unlock(&m);
    return NULL;
}

int main(void)
{
    pthread_t c;
    pthread_create(&c, NULL, computer, NULL);
    pthread_mutex_lock(&m);
    go = 1;
    pthread_cond_broadcast(&go_cv);
    pthread_mutex_unlock(&m);
    long r = wait_for_result();
    pthread_join(c, NULL);
    printf("%ld\n", r);
    return 0;
}
