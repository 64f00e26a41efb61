/*
 * lock_through_pointer.c -- pattern: "lock chosen through a pointer that
 * may point to one of two mutexes".
 *
 * `router` picks its mutex at run time: `m = use_a ? &lock_a : &lock_b`,
 * locks *m and increments `routed`.  `auditor` increments `routed` holding
 * `lock_a` only.  When use_a is 0 (the default: no command-line argument)
 * the two increments hold different mutexes and nothing orders them:
 * data-race#1 on `routed` (the increment in router and the one in
 * auditor).  The pointer may point to lock_a, but "may" is not enough: no
 * single mutex is held on every path of both sides.
 * Near miss: `audits` is only touched by auditor under lock_a and by main
 * after both joins, and main's final read of `routed` follows the joins:
 * neither is a race.
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static long routed;
static long audits;

static void *router(void *arg)
{
    int use_a = *(int *)arg;
    pthread_mutex_t *m = use_a ? &lock_a : &lock_b;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(m);
        routed++; // LINT: data-race#1
        pthread_mutex_unlock(m);
    }
    return NULL;
}

static void *auditor(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&lock_a);
        routed++; // LINT: data-race#1
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
    printf("%ld %ld\n", routed, audits);
    return 0;
}
