/*
 * spin_relock.c -- pattern: "spinlock taken twice".
 *
 * push_all() takes `ring_spin` and, for each item, calls push_one(), which
 * also takes `ring_spin`.  Spinlocks are never recursive: the inner
 * pthread_spin_lock spins forever.  double-lock#1 at the inner lock and
 * at the call site under the lock.
 */
#include <pthread.h>
#include <stdio.h>

static pthread_spinlock_t ring_spin;
static int ring[16];
static int ring_n;

static void push_one(int v)
{
    pthread_spin_lock(&ring_spin); // LINT: double-lock#1
    if (ring_n < 16)
        ring[ring_n++] = v;
    pthread_spin_unlock(&ring_spin);
}

static void push_all(const int *vs, int n)
{
    pthread_spin_lock(&ring_spin);
    for (int i = 0; i < n; i++)
        push_one(vs[i]); // LINT: double-lock#1
    pthread_spin_unlock(&ring_spin);
}

static void *producer(void *arg)
{
    int batch[3] = { 1, 2, 3 };
    (void)arg;
    push_one(0);
    push_all(batch, 3);
    return NULL;
}

int main(void)
{
    pthread_t p;
    pthread_spin_init(&ring_spin, PTHREAD_PROCESS_PRIVATE);
    pthread_create(&p, NULL, producer, NULL);
    pthread_join(p, NULL);
    printf("%d\n", ring_n);
    pthread_spin_destroy(&ring_spin);
    return 0;
}
