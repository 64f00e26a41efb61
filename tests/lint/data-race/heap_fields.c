/*
 * heap_fields.c -- pattern: "heap object fields passed by pointer".
 *
 * main allocates one `struct job` on the heap, fills in `name` and
 * `weight`, and passes the same pointer to two threads.  Both threads
 * increment `j->done` without a lock: data-race#1 on the heap field.
 * `j->name` and `j->weight` are written before pthread_create and only read
 * by the threads (read-only sharing): not races.  Each thread also writes
 * its own stack variable `local`: not shared.  main frees the object after
 * joining both threads.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct job {
    const char *name;
    int weight;
    int done;
};

static void *run(void *arg)
{
    struct job *j = arg;
    int local = 0;
    for (int i = 0; i < j->weight; i++) {
        local += (int)j->name[0];
        j->done++; // LINT: data-race#1
    }
    return (void *)(long)local;
}

int main(void)
{
    struct job *j = malloc(sizeof *j);
    if (!j)
        return 1;
    j->name = "compress";
    j->weight = 10;
    j->done = 0;
    pthread_t a, b;
    pthread_create(&a, NULL, run, j);
    pthread_create(&b, NULL, run, j);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%s %d\n", j->name, j->done);
    free(j);
    return 0;
}
