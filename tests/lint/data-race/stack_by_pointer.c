/*
 * stack_by_pointer.c -- pattern: "data passed by pointer to a thread, read
 * before the join".
 *
 * main passes the address of its local `progress` to a worker thread, which
 * writes through the pointer.  main reads `progress` while the worker is
 * still running: data-race#1 (the write through `p` in the worker and the
 * read of the local in main).  The second read, after pthread_join, is
 * ordered and is not a race.
 */
#include <pthread.h>
#include <stdio.h>

static void *worker(void *arg)
{
    int *p = arg;
    for (int i = 1; i <= 100; i++)
        *p = i; // LINT: data-race#1
    return NULL;
}

int main(void)
{
    int progress = 0;
    pthread_t t;
    pthread_create(&t, NULL, worker, &progress);
    int snapshot = progress; // LINT: data-race#1
    pthread_join(t, NULL);
    printf("%d %d\n", snapshot, progress);
    return 0;
}
