/*
 * dr_heap_embedded_lock.c -- near miss of data-race/heap_fields.c;
 * pattern: "heap object with an embedded mutex".
 *
 * Same shape as heap_fields.c, but `struct job` carries its own mutex and
 * both threads increment `j->done` holding `j->lock`.  `name` and `weight`
 * are read-only after pthread_create.  main destroys and frees the object
 * after the joins.
 * No finding.
// NEAR-MISS: data-race
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct job {
    pthread_mutex_t lock;
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
        pthread_mutex_lock(&j->lock);
        j->done++;
        pthread_mutex_unlock(&j->lock);
    }
    return (void *)(long)local;
}

int main(void)
{
    struct job *j = malloc(sizeof *j);
    if (!j)
        return 1;
    pthread_mutex_init(&j->lock, NULL);
    j->name = "compress";
    j->weight = 10;
    j->done = 0;
    pthread_t a, b;
    pthread_create(&a, NULL, run, j);
    pthread_create(&b, NULL, run, j);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%s %d\n", j->name, j->done);
    pthread_mutex_destroy(&j->lock);
    free(j);
    return 0;
}
