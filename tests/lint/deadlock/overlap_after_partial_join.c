/*
 * overlap_after_partial_join.c -- pattern: "partial join does not
 * serialize" (near miss of clean/dl_sequential_threads.c).
 *
 * main creates `ab` (a -> b) and `ba` (b -> a) before joining `ab`; the join
 * of `ab` comes too late to separate them, so the two threads overlap and
 * the ABBA cycle is real: deadlock#1.  A third thread runs `ab` again
 * after both joins; it overlaps with nothing, but it uses the same lines,
 * so the tags do not change.  (Main joins t1 before t2: the join order
 * does not matter, only that both threads were started before either
 * was joined.)
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static int shared;

static void *ab(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&lock_a);
        pthread_mutex_lock(&lock_b); // LINT: deadlock#1
        shared++;
        pthread_mutex_unlock(&lock_b);
        pthread_mutex_unlock(&lock_a);
    }
    return NULL;
}

static void *ba(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&lock_b);
        pthread_mutex_lock(&lock_a); // LINT: deadlock#1
        shared--;
        pthread_mutex_unlock(&lock_a);
        pthread_mutex_unlock(&lock_b);
    }
    return NULL;
}

int main(void)
{
    pthread_t t1, t2, t3;
    pthread_create(&t1, NULL, ab, NULL);
    pthread_create(&t2, NULL, ba, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    pthread_create(&t3, NULL, ab, NULL);
    pthread_join(t3, NULL);
    printf("%d\n", shared);
    return 0;
}
