/* Locals of the enclosing function that a block assigns get their old values
 * back when the block restarts (a conflict, or retry), so each committed
 * block counts once.  Under stm a scalar local is copied before the block's
 * restart point and copied back by a restart; an array element is logged
 * at its store.  The workers contend on one counter (conflicts under stm);
 * the consumers retry while the queue is empty and count their attempts in
 * a local before the retry; the cachers link a node they allocated before
 * the block into a shared hash chain and clear their pointer to it in the
 * block (a restart must give it back: with the C library's _setjmp, the
 * restart point of ThreadSanitizer builds, GCC once merged the copy with
 * the pointer, and the rerun wrote through NULL). */
// LEGAL: global pervar stm
// EXPECT: workers: ok
// EXPECT: consumers: ok
// EXPECT: cachers: ok
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define WORKERS 4
#define ITERS 20000
#define CONSUMERS 2
#define TOKENS 5000

static long counter;
static long tokens;
static long consumed;
static int failures;

#define BUCKETS 64
#define KEYS 8000
#define CACHERS 4
struct node {
    unsigned key;
    long value;
    struct node *next;
};
static struct node *chain[BUCKETS];
static long nodes;
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

static struct node *find(unsigned key)
{
    for (struct node *n = chain[key % BUCKETS]; n != NULL; n = n->next)
        if (n->key == key)
            return n;
    return NULL;
}

static void cache_add(unsigned key)
{
    struct node *fresh = malloc(sizeof *fresh);
    if (fresh == NULL)
        abort();
    atomic {
        struct node *n = find(key);
        if (n != NULL) {
            n->value++;
        } else {
            fresh->key = key;
            fresh->value = 1;
            fresh->next = chain[key % BUCKETS];
            chain[key % BUCKETS] = fresh;
            nodes++;
            fresh = NULL;       /* linked: not freed below */
        }
    }
    free(fresh);
}

static void *cacher(void *arg)
{
    unsigned id = (unsigned)(long)arg;
    pthread_barrier_wait(&gate);
    for (unsigned i = 0; i < 2 * KEYS; i++)
        cache_add((i * 7 + id) % KEYS);
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

    pthread_t k[CACHERS];
    pthread_barrier_init(&gate, NULL, CACHERS);
    for (long i = 0; i < CACHERS; i++)
        pthread_create(&k[i], NULL, cacher, (void *)i);
    for (int i = 0; i < CACHERS; i++)
        pthread_join(k[i], NULL);
    pthread_barrier_destroy(&gate);
    long total = 0, count = 0;
    for (int b = 0; b < BUCKETS; b++)
        for (struct node *n = chain[b]; n != NULL; n = n->next) {
            total += n->value;
            count++;
        }
    printf("cachers: %s\n", count == KEYS && nodes == KEYS && total == (long)CACHERS * 2 * KEYS ? "ok" : "FAILED");
    for (int b = 0; b < BUCKETS; b++)
        while (chain[b] != NULL) {
            struct node *n = chain[b];
            chain[b] = n->next;
            free(n);
        }
    return 0;
}
