/* Locals of the enclosing function that a block assigns get their old values
 * back when the block restarts (a conflict, or retry), so each committed
 * block counts once.  Under stm a scalar local is copied before the block's
 * restart point and copied back by a restart; an array element is logged
 * at its store.  The workers contend on one counter (conflicts under stm);
 * the consumers retry while the queue is empty and count their attempts in
 * a local before the retry. */
// LEGAL: global pervar stm
// EXPECT: workers: ok
// EXPECT: consumers: ok
#include <pthread.h>
#include <stdio.h>

#define WORKERS 4
#define ITERS 20000
#define CONSUMERS 2
#define TOKENS 5000

static long counter;
static long tokens;
static long consumed;
static int failures;
static pthread_barrier_t gate;

static void fail(const char *what, long id, double got, double want)
{
    atomic {
        failures++;
    }
    printf("thread %ld: %s is %g, expected %g\n", id, what, got, want);
}

static void *worker(void *arg)
{
    long id = (long)arg;
    long mine = 0;              /* scalars: copied at the restart point */
    double weight = 0.0;
    unsigned short small = 0;
    const long *last = NULL;
    _Bool seen = 0;
    long hist[4] = { 0 };       /* an array: logged at each store */
    pthread_barrier_wait(&gate);
    for (int i = 0; i < ITERS; i++) {
        atomic {
            mine++;
            weight += 0.5;
            small++;
            last = &counter;
            seen = counter >= 0;
            hist[i & 3]++;
            counter++;
        }
    }
    if (mine != ITERS)
        fail("mine", id, (double)mine, ITERS);
    if (weight != ITERS * 0.5)
        fail("weight", id, weight, ITERS * 0.5);
    if (small != (unsigned short)ITERS)
        fail("small", id, small, (unsigned short)ITERS);
    if (last != &counter || !seen)
        fail("last", id, 0, 1);
    for (int k = 0; k < 4; k++)
        if (hist[k] != ITERS / 4)
            fail("hist", id, (double)hist[k], ITERS / 4);
    return NULL;
}

static void *producer(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&gate);
    for (int i = 0; i < TOKENS; i++) {
        atomic {
            tokens++;
        }
    }
    return NULL;
}

static void *consumer(void *arg)
{
    long id = (long)arg;
    long attempts = 0;
    pthread_barrier_wait(&gate);
    for (int i = 0; i < TOKENS; i++) {
        atomic {
            attempts++;         /* restored when the block retries */
            if (tokens == 0)
                retry;
            tokens--;
            consumed++;
        }
    }
    if (attempts != TOKENS)
        fail("attempts", id, (double)attempts, TOKENS);
    return NULL;
}

int main(void)
{
    pthread_t w[WORKERS], c[CONSUMERS], p[CONSUMERS];
    pthread_barrier_init(&gate, NULL, WORKERS);
    for (long i = 0; i < WORKERS; i++)
        pthread_create(&w[i], NULL, worker, (void *)i);
    for (int i = 0; i < WORKERS; i++)
        pthread_join(w[i], NULL);
    pthread_barrier_destroy(&gate);
    long f;
    atomic {
        f = failures;
    }
    printf("workers: %s\n", counter == (long)WORKERS * ITERS && f == 0 ? "ok" : "FAILED");

    pthread_barrier_init(&gate, NULL, 2 * CONSUMERS);
    for (long i = 0; i < CONSUMERS; i++) {
        pthread_create(&c[i], NULL, consumer, (void *)(100 + i));
        pthread_create(&p[i], NULL, producer, NULL);
    }
    for (int i = 0; i < CONSUMERS; i++) {
        pthread_join(c[i], NULL);
        pthread_join(p[i], NULL);
    }
    pthread_barrier_destroy(&gate);
    atomic {
        f = failures;
    }
    printf("consumers: %s\n", consumed == (long)CONSUMERS * TOKENS && tokens == 0 && f == 0 ? "ok" : "FAILED");
    return 0;
}
