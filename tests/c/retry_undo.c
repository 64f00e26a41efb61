/* retry abandons the block's effects: the increment before the retry must be
 * undone each time the block waits, so every thread counts exactly once. */
// LEGAL: global pervar stm
// EXPECT: count: 6
// EXPECT: waits: ok
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define NTHREADS 6
static int ready;
static long count;
static long attempts;
static long local_runs[NTHREADS];

static void *worker(void *arg)
{
    long *mine = arg;
    atomic {
        count++;                 /* undone by every retry */
        (*mine)++;               /* a store through a pointer: undone too */
        if (!ready)
            retry;
    }
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, &local_runs[i]);
    usleep(20000);
    atomic { ready = 1; attempts = count; }
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    long runs = 0;
    for (int i = 0; i < NTHREADS; i++)
        runs += local_runs[i];
    printf("count: %ld\n", count);
    printf("waits: %s\n", attempts == 0 && runs == NTHREADS ? "ok" : "FAIL");
    return count == NTHREADS && runs == NTHREADS ? 0 : 1;
}
