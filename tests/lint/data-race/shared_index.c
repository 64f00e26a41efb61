/*
 * shared_index.c -- pattern: "array indexed by a shared index" (threads
 * created in a loop and joined in a loop).
 *
 * NTHREADS workers are created in a loop.  Each one is handed its id and
 * should write `slots[id]`, but the code uses `slots[current]`, where
 * `current` is a global set once to 0 before the threads start and never
 * written afterwards.  Every thread therefore read-modify-writes the same
 * element slots[0]: data-race#1.  Reading `current` is read-only sharing
 * (written before pthread_create, only read after): not a race.  The sum in
 * main runs after the join loop: not a race.
 */
#include <pthread.h>
#include <stdio.h>

#define NTHREADS 4

static long slots[NTHREADS];
static int current;
static int ids[NTHREADS];

static void *worker(void *arg)
{
    int id = *(int *)arg;
    for (int i = 0; i < 100; i++)
        slots[current] += id + 1; // LINT: data-race#1
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    current = 0;
    for (int i = 0; i < NTHREADS; i++) {
        ids[i] = i;
        pthread_create(&t[i], NULL, worker, &ids[i]);
    }
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    long sum = 0;
    for (int i = 0; i < NTHREADS; i++)
        sum += slots[i];
    printf("%ld\n", sum);
    return 0;
}
