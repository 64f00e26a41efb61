/*
 * continue_without_unlock.c -- pattern: "`continue` skips the unlock"
 * (two findings from one bug).
 *
 * drain() locks `q_lock` at the top of each iteration; when the slot is
 * empty it `continue`s without unlocking.  The next iteration then locks
 * `q_lock` again while holding it: double-lock#1 (the lock call, reached
 * with the lock held through the back edge).  If the skip happens on the
 * last iteration, the loop ends and drain() returns holding the lock:
 * lock-leak#1 (the acquisition and the return).
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static int q[8] = { 1, 0, 3, 0, 5, 6, 0, 8 };
static long drained;

static long drain(void)
{
    long got = 0;
    for (int i = 0; i < 8; i++) {
        pthread_mutex_lock(&q_lock); // LINT: double-lock#1 lock-leak#1
        if (q[i] == 0)
            continue;
        got += q[i];
        q[i] = 0;
        pthread_mutex_unlock(&q_lock);
    }
    return got; // LINT: lock-leak#1
}

static void *drainer(void *arg)
{
    (void)arg;
    drained = drain();
    return NULL;
}

int main(void)
{
    pthread_t d;
    pthread_create(&d, NULL, drainer, NULL);
    pthread_join(d, NULL);
    printf("%ld\n", drained);
    return 0;
}
