/*
 * dr_read_after_join.c -- near miss of data-race/stack_by_pointer.c and
 * data-race/partial_join.c; pattern: "data passed by pointer, read after
 * the join" / "full join".
 *
 * main passes the address of its local `progress` to a worker and the
 * address of `slow_result` to a second one; it reads both only after
 * joining both threads.  pthread_join orders every write of the workers
 * before main's reads.  The workers write different objects.
 * No finding.
// NEAR-MISS: data-race
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

static long slow_result;

static void *worker(void *arg)
{
    int *p = arg;
    for (int i = 1; i <= 100; i++)
        *p = i;
    return NULL;
}

static void *slow(void *arg)
{
    long *out = arg;
    long s = 0;
    for (long i = 0; i < 100000; i++)
        s += i;
    *out = s;
    return NULL;
}

int main(void)
{
    int progress = 0;
    pthread_t t, u;
    pthread_create(&t, NULL, worker, &progress);
    pthread_create(&u, NULL, slow, &slow_result);
    pthread_join(t, NULL);
    pthread_join(u, NULL);
    printf("%d %ld\n", progress, slow_result);
    return 0;
}
