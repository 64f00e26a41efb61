/*
 * thread_exit_holding.c -- pattern: "thread exits holding the lock"
 * (break out of a critical section).
 *
 * The consumer thread locks `jobs_lock` at the top of each iteration; when
 * it finds no job left it `break`s out of the loop while still holding the
 * lock and returns from the thread function: lock-leak#1 (tagged at the
 * acquisition and at the thread's return).  On the other iterations it
 * unlocks before looping, so the lock call never runs with the lock held.
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t jobs_lock = PTHREAD_MUTEX_INITIALIZER;
static int jobs_left = 5;
static int jobs_done;

static void *consumer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&jobs_lock); // LINT: lock-leak#1
        if (jobs_left == 0)
            break;
        jobs_left--;
        jobs_done++;
        pthread_mutex_unlock(&jobs_lock);
    }
    return NULL; // LINT: lock-leak#1
}

int main(void)
{
    pthread_t c;
    pthread_create(&c, NULL, consumer, NULL);
    pthread_join(c, NULL);
    printf("%d\n", jobs_done);
    return 0;
}
