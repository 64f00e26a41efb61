/* Two threads take two mutexes in opposite order with some work between.
 * Whether it deadlocks depends on the schedule: the simulator must report
 * it (exit 86) for some seed, and the same seed must reproduce it. */
#include <pthread.h>
#include "sim_test.h"

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static long shared_x;

static void *ab(void *arg)
{
    (void)arg;
    for (int i = 0; i < 20; i++) {
        pthread_mutex_lock(&lock_a);
        atomicc__sim_work(300);
        pthread_mutex_lock(&lock_b);
        ST(shared_x, LD(shared_x) + 1);
        pthread_mutex_unlock(&lock_b);
        pthread_mutex_unlock(&lock_a);
        atomicc__sim_work(20000);
    }
    return NULL;
}

static void *ba(void *arg)
{
    (void)arg;
    atomicc__sim_work(50000);
    for (int i = 0; i < 20; i++) {
        pthread_mutex_lock(&lock_b);
        atomicc__sim_work(300);
        pthread_mutex_lock(&lock_a);
        ST(shared_x, LD(shared_x) + 1);
        pthread_mutex_unlock(&lock_a);
        pthread_mutex_unlock(&lock_b);
        atomicc__sim_work(23000);
    }
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    pthread_create(&t1, NULL, ab, NULL);
    pthread_create(&t2, NULL, ba, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    CHECK(shared_x == 40);
    puts("ok");
    return 0;
}
