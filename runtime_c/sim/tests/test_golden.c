/* A fixed small program whose trace hash at seed 0 on 4 vCPUs is written in
 * run.sh (GOLDEN_HASH): it must not change between runs, nor between -O0 and
 * -O2 builds of this file (every shared object is 64-byte aligned, so the
 * cost model sees the same lines in both builds). */
#include <pthread.h>
#include <stdatomic.h>
#include "sim_test.h"

#define A64 __attribute__((aligned(64)))
static pthread_mutex_t mu A64 = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv A64 = PTHREAD_COND_INITIALIZER;
static struct {
    long v[8];
} data A64;
static atomic_long hits A64;
static int turn A64;

static void *worker(void *arg)
{
    long id = (long)arg;
    for (int i = 0; i < 300; i++) {
        atomic_fetch_add_explicit(&hits, 1, memory_order_relaxed);
        atomicc__sim_work(10 + (unsigned long)(id * 3));
        if (i % 10 == 0) {
            pthread_mutex_lock(&mu);
            while (LD(turn) != id && i % 20 == 0 && LD(turn) >= 0)
                pthread_cond_wait(&cv, &mu);
            ST(data.v[id], LD(data.v[id]) + i);
            ST(turn, (int)((id + 1) % 3));
            pthread_cond_broadcast(&cv);
            pthread_mutex_unlock(&mu);
        } else {
            (void)LD(data.v[(id + i) % 8]);
        }
    }
    pthread_mutex_lock(&mu);
    ST(turn, -1); /* no one waits for a turn any more */
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
    return NULL;
}

int main(void)
{
    pthread_t t[3];
    for (long i = 0; i < 3; i++)
        CHECK(pthread_create(&t[i], NULL, worker, (void *)i) == 0);
    for (int i = 0; i < 3; i++)
        CHECK(pthread_join(t[i], NULL) == 0);
    CHECK(atomic_load(&hits) == 900);
    CHECK(data.v[0] + data.v[1] + data.v[2] == 3 * (0 + 10 + 20 + 30 + 40 + 50 + 60 + 70 + 80 + 90 + 100 + 110 +
                                                    120 + 130 + 140 + 150 + 160 + 170 + 180 + 190 + 200 +
                                                    210 + 220 + 230 + 240 + 250 + 260 + 270 + 280 + 290));
    puts("ok");
    return 0;
}
