/*
 * extern_body - atomic blocks that call functions whose bodies atomicc
 * cannot see (bump.c is compiled by plain gcc and linked as an object).
 *
 * Each pair of blocks updates one counter, one block through a call into
 * bump.o and the other directly:
 *   counter: bump(&counter)              - a pointer argument
 *   named:   bump_named()                - bump.c names the external variable
 *   kept:    bump_remembered()           - remember(&kept) gave bump.c the pointer earlier
 *   hits:    bumper(&hits)               - a function pointer bump.c returned
 * The call may touch what it can reach, so both blocks of a pair must be
 * in one conflict component and exclude each other the same way (the
 * direct `x++` alone would be one atomic instruction, which the plain read
 * and write of bump.c do not respect).  Only the global lock is legal:
 * pervar has no locations for the calls and STM cannot roll them back.
 */
// EXPECT: counter: 1000000
// EXPECT: named: 1000000
// EXPECT: kept: 1000000
// EXPECT: hits: 1000000
// LEGAL: global

#include <pthread.h>
#include <stdio.h>
#include "bump.h"

#define THREADS 4
#define ITERS   250000

long counter;
long named;
static long kept;
static long hits;
static void (*bumper)(long *);
static pthread_barrier_t gate;

static void *worker(void *arg)
{
    long id = (long)arg;
    pthread_barrier_wait(&gate);
    for (long i = 0; i < ITERS; i++) {
        if ((i + id) % 2) {
            atomic { bump(&counter); }
            atomic { bump_named(); }
            atomic { bump_remembered(); }
            atomic { bumper(&hits); }
        } else {
            atomic { counter++; }
            atomic { named++; }
            atomic { kept++; }
            atomic { hits++; }
        }
    }
    return NULL;
}

int main(void)
{
    pthread_t t[THREADS];
    remember(&kept);
    bumper = get_bumper();
    pthread_barrier_init(&gate, NULL, THREADS);
    for (long i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&gate);
    printf("counter: %ld\n", counter);
    printf("named: %ld\n", named);
    printf("kept: %ld\n", kept);
    printf("hits: %ld\n", hits);
    return 0;
}
