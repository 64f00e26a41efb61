/*
 * pthread_counter.c - a mutex-protected counter (plain pthreads, no atomic blocks).
 *
 * NTHREADS threads each add to a shared counter object a fixed number of
 * times.  The counter keeps a running total, a weighted total (each
 * thread adds its id + 1) and the number of updates; all three fields
 * are guarded by the counter's mutex.  The final values are invariants.
 *
 * Usage: pthread_counter [increments-per-thread]   (default 20000)
 */
// EXPECT: threads: 4
// EXPECT: updates: 80000
// EXPECT: total: 80000
// EXPECT: weighted: 200000

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NTHREADS    4
#define DEFAULT_OPS 20000

typedef struct counter {
    pthread_mutex_t lock;
    unsigned long total;        /* guarded by lock */
    unsigned long weighted;     /* guarded by lock */
    unsigned long updates;      /* guarded by lock */
} counter_t;

typedef struct worker {
    counter_t *counter;
    int id;
    long ops;
} worker_t;

static int counter_init(counter_t *c)
{
    memset(c, 0, sizeof *c);
    return pthread_mutex_init(&c->lock, NULL);
}

static void counter_add(counter_t *c, unsigned long n, unsigned long weight)
{
    pthread_mutex_lock(&c->lock);
    c->total += n;
    c->weighted += n * weight;
    c->updates++;
    pthread_mutex_unlock(&c->lock);
}

/* Copies the fields out under the lock, so they are mutually consistent. */
static void counter_read(counter_t *c, unsigned long *total, unsigned long *weighted,
                         unsigned long *updates)
{
    pthread_mutex_lock(&c->lock);
    *total = c->total;
    *weighted = c->weighted;
    *updates = c->updates;
    pthread_mutex_unlock(&c->lock);
}

static void *worker_main(void *arg)
{
    worker_t *w = arg;
    for (long i = 0; i < w->ops; i++) {
        counter_add(w->counter, 1, (unsigned long)w->id + 1);
        if (i % 1024 == 0) {
            /* A reader in the middle of the run: the fields must agree. */
            unsigned long t, wt, u;
            counter_read(w->counter, &t, &wt, &u);
            if (t != u)
                return (void *)w;   /* reported by main */
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    long ops = argc > 1 ? atol(argv[1]) : DEFAULT_OPS;
    counter_t counter;
    worker_t workers[NTHREADS];
    pthread_t tid[NTHREADS];
    int err;

    if ((err = counter_init(&counter)) != 0) {
        printf("FAIL: pthread_mutex_init: %s\n", strerror(err));
        return 1;
    }
    for (int i = 0; i < NTHREADS; i++) {
        workers[i] = (worker_t){ .counter = &counter, .id = i, .ops = ops };
        if ((err = pthread_create(&tid[i], NULL, worker_main, &workers[i])) != 0) {
            printf("FAIL: pthread_create: %s\n", strerror(err));
            return 1;
        }
    }
    int torn = 0;
    for (int i = 0; i < NTHREADS; i++) {
        void *ret;
        pthread_join(tid[i], &ret);
        torn += ret != NULL;
    }

    unsigned long total, weighted, updates;
    counter_read(&counter, &total, &weighted, &updates);
    pthread_mutex_destroy(&counter.lock);

    printf("threads: %d\n", NTHREADS);
    printf("updates: %lu\n", updates);
    printf("total: %lu\n", total);
    printf("weighted: %lu\n", weighted);
    if (torn != 0 || total != (unsigned long)(ops * NTHREADS) ||
        weighted != (unsigned long)ops * NTHREADS * (NTHREADS + 1) / 2) {
        printf("FAIL: lost updates\n");
        return 1;
    }
    return 0;
}
