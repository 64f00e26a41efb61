/* 8 threads x 100k increments of a counter under one pthread mutex. */
#include <pthread.h>
#include "sim_test.h"

#define NT 8
#define M 100000

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct {
    long v;
} __attribute__((aligned(64))) counter;

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < M; i++) {
        pthread_mutex_lock(&mu);
        ST(counter.v, LD(counter.v) + 1);
        pthread_mutex_unlock(&mu);
        atomicc__sim_work(20);
    }
    return NULL;
}

int main(void)
{
    pthread_t t[NT];
    for (int i = 0; i < NT; i++)
        CHECK(pthread_create(&t[i], NULL, worker, NULL) == 0);
    for (int i = 0; i < NT; i++)
        CHECK(pthread_join(t[i], NULL) == 0);
    CHECK(counter.v == (long)NT * M);
    puts("ok");
    return 0;
}
