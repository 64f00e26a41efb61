/*
 * wrong_mutex_unlocked.c -- pattern: "unlock of the wrong mutex"
 * (copy-paste slip).
 *
 * move_in() holds `in_lock`; after updating it calls
 * pthread_mutex_unlock(&out_lock), which this thread does not hold:
 * unlock-not-held#1.  It then unlocks `in_lock` correctly, so nothing
 * leaks.  `out_count` is updated in move_out() under out_lock.
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t in_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;
static int in_count, out_count;

static void move_in(void)
{
    pthread_mutex_lock(&in_lock);
    in_count++;
    pthread_mutex_unlock(&out_lock); // LINT: unlock-not-held#1
    pthread_mutex_unlock(&in_lock);
}

static void move_out(void)
{
    pthread_mutex_lock(&out_lock);
    out_count++;
    pthread_mutex_unlock(&out_lock);
}

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10; i++) {
        move_in();
        move_out();
    }
    return NULL;
}

int main(void)
{
    pthread_t a;
    pthread_create(&a, NULL, worker, NULL);
    pthread_join(a, NULL);
    printf("%d %d\n", in_count, out_count);
    return 0;
}
