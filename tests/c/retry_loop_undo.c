/* Which stores a retry can undo.  The lock-based strategies log only the
 * stores a retry can follow in the same run of the block: here the store in
 * the loop comes before the retry in the text, but the retry of the next
 * iteration follows it, so it must be undone; the stores after the last
 * retry point are never undone and need no log (and the store to the
 * bit-field there would be an error if they were logged).  Each waiting
 * thread's final run must count exactly LOOPS steps.
 */
// LEGAL: global pervar
// EXPECT: steps: 24
// EXPECT: done: 6
// EXPECT: flags: 6
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define NTHREADS 6
#define LOOPS 4
static int ready;
static long steps;
static long done;
static struct {
    unsigned seen : 4;
    unsigned count : 12;
} flags;

static void *worker(void *arg)
{
    (void)arg;
    atomic {
        for (int i = 0; i < LOOPS; i++) {
            if (i == 2 && !ready)
                retry;           /* follows the step of iterations 0 and 1 */
            steps++;
        }
        done++;                  /* after the last retry: never undone */
        flags.count++;
    }
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    usleep(20000);
    atomic { ready = 1; }
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    printf("steps: %ld\n", steps);
    printf("done: %ld\n", done);
    printf("flags: %u\n", (unsigned)flags.count);
    return steps == NTHREADS * LOOPS && done == NTHREADS && flags.count == NTHREADS ? 0 : 1;
}
