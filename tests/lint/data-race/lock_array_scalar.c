/*
 * lock_array_scalar.c -- pattern: "per-slot lock guarding a scalar"
 * (array of mutexes locked at a data-dependent index).
 *
 * `slot_lock[N]` stripes the `hits[N]` table: slot k is protected by
 * slot_lock[k].  Each worker visits slots starting at its own id, so at
 * any moment the two workers usually hold *different* slot locks.  That
 * is fine for `hits[slot]` (the same index selects both the lock and the
 * element: near miss, not a race), but the worker also increments the
 * scalar `total` under the same slot lock.  Two workers holding
 * slot_lock[0] and slot_lock[1] increment `total` concurrently:
 * data-race#1 (one line, executed by both workers).  main reads after
 * the joins.
 */
#include <pthread.h>
#include <stdio.h>

#define N 4

static pthread_mutex_t slot_lock[N];
static long hits[N];
static long total;
static int ids[2] = {0, 1};

static void *worker(void *arg)
{
    int id = *(int *)arg;
    for (int k = 0; k < 100; k++) {
        int slot = (id + k) % N;
        pthread_mutex_lock(&slot_lock[slot]);
        hits[slot]++;
        total++; // LINT: data-race#1
        pthread_mutex_unlock(&slot_lock[slot]);
    }
    return NULL;
}

int main(void)
{
    pthread_t t[2];
    for (int i = 0; i < N; i++)
        pthread_mutex_init(&slot_lock[i], NULL);
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, worker, &ids[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    long sum = 0;
    for (int i = 0; i < N; i++)
        sum += hits[i];
    printf("%ld %ld\n", sum, total);
    return 0;
}
