/*
 * partially_gated.c -- pattern: "gate lock not taken by every thread"
 * (near miss of clean/dl_gated_cycle.c, which must not be reported).
 *
 * Threads `one` and `two` take `gate` before their ABBA pair, so they can
 * never interleave inside it.  Thread `three` takes `res_b` then `res_a`
 * *without* the gate.  The cycle res_a -> res_b (in `one`, under gate) and
 * res_b -> res_a (in `three`, not under gate) is not guarded by a common
 * lock: deadlock#1.  Tagged: the inner acquisitions of those two edges,
 * plus the res_a acquisition in `two`: it forms the same edge
 * res_b -> res_a, so a linter may legitimately name it as that edge's
 * location (the pair one/two alone would be gated and harmless).
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t res_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t res_b = PTHREAD_MUTEX_INITIALIZER;
static int work;

static void *one(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&gate);
        pthread_mutex_lock(&res_a);
        pthread_mutex_lock(&res_b); // LINT: deadlock#1
        work++;
        pthread_mutex_unlock(&res_b);
        pthread_mutex_unlock(&res_a);
        pthread_mutex_unlock(&gate);
    }
    return NULL;
}

static void *two(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&gate);
        pthread_mutex_lock(&res_b);
        pthread_mutex_lock(&res_a); // LINT: deadlock#1
        work++;
        pthread_mutex_unlock(&res_a);
        pthread_mutex_unlock(&res_b);
        pthread_mutex_unlock(&gate);
    }
    return NULL;
}

static void *three(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&res_b);
        pthread_mutex_lock(&res_a); // LINT: deadlock#1
        work++;
        pthread_mutex_unlock(&res_a);
        pthread_mutex_unlock(&res_b);
    }
    return NULL;
}

int main(void)
{
    pthread_t a, b, c;
    pthread_create(&a, NULL, one, NULL);
    pthread_create(&b, NULL, two, NULL);
    pthread_create(&c, NULL, three, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    pthread_join(c, NULL);
    printf("%d\n", work);
    return 0;
}
