/*
 * dr_lock_through_pointer_same.c -- near miss of
 * data-race/lock_through_pointer.c; pattern: "same named mutex on both
 * sides" (no lock chosen through a pointer for the shared counter).
 *
 * Same shape: `router` still reads a run-time flag, but it only uses it to
 * choose which of two counters of its own to bump; the shared counter
 * `routed` is incremented holding `lock_a`, named directly, exactly as in
 * `auditor`.  Every access of `routed` and `audits` in the threads holds
 * lock_a; `local_a`/`local_b` are touched only by router before the join
 * and by main after it; main reads everything after both joins.
 * No finding.
// NEAR-MISS: data-race
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static long routed;
static long audits;
static long local_a, local_b;

static void *router(void *arg)
{
    int use_a = *(int *)arg;
    long *mine = use_a ? &local_a : &local_b;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&lock_a);
        routed++;
        pthread_mutex_unlock(&lock_a);
        (*mine)++;
    }
    return NULL;
}

static void *auditor(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&lock_a);
        routed++;
        audits++;
        pthread_mutex_unlock(&lock_a);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    (void)argv;
    int use_a = argc > 1;
    pthread_t r, a;
    pthread_create(&r, NULL, router, &use_a);
    pthread_create(&a, NULL, auditor, NULL);
    pthread_join(r, NULL);
    pthread_join(a, NULL);
    printf("%ld %ld %ld %ld\n", routed, audits, local_a, local_b);
    return 0;
}
