/*
 * timedwait_if.c -- pattern: "timed wait guarded by if".
 *
 * wait_for_result() tests `done` with `if` and calls
 * pthread_cond_timedwait once; on a spurious wake-up it returns a result
 * that is not ready yet (it only checks for ETIMEDOUT, not the
 * predicate): cond-wait-no-loop#1.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done_cv = PTHREAD_COND_INITIALIZER;
static int done;
static long result;

static long wait_for_result(void)
{
    struct timespec deadline;
    long r = -1;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 2;
    pthread_mutex_lock(&m);
    if (!done) {
        int rc = pthread_cond_timedwait(&done_cv, &m, &deadline); // LINT: cond-wait-no-loop#1
        if (rc == ETIMEDOUT) {
            pthread_mutex_unlock(&m);
            return -1;
        }
    }
    r = result;
    pthread_mutex_unlock(&m);
    return r;
}

static void *computer(void *arg)
{
    long s = 0;
    (void)arg;
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
    long r = wait_for_result();
    pthread_join(c, NULL);
    printf("%ld\n", r);
    return 0;
}
