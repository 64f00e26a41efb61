/*
 * dr_lock_array_striped.c -- near miss of data-race/lock_array_scalar.c;
 * pattern: "lock striping" (array of mutexes, element chosen by the same
 * index as the lock).
 *
 * Same shape: each worker visits slots starting at its own id and locks
 * slot_lock[slot] around the update.  Here the only thing updated is
 * `hits[slot]`, whose index is the lock's index: two workers that touch
 * the same element hold the same mutex, and workers holding different
 * slot locks touch different elements.  There is no shared scalar; each
 * worker counts its own visits in a local and returns it through
 * pthread_join, and main sums the table after the joins.
 * No finding.
// NEAR-MISS: data-race
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define N 4

static pthread_mutex_t slot_lock[N];
static long hits[N];
static int ids[2] = {0, 1};

static void *worker(void *arg)
{
    int id = *(int *)arg;
    intptr_t visits = 0;
    for (int k = 0; k < 100; k++) {
        int slot = (id + k) % N;
        pthread_mutex_lock(&slot_lock[slot]);
        hits[slot]++;
        pthread_mutex_unlock(&slot_lock[slot]);
        visits++;
    }
    return (void *)visits;
}

int main(void)
{
    pthread_t t[2];
    for (int i = 0; i < N; i++)
        pthread_mutex_init(&slot_lock[i], NULL);
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, worker, &ids[i]);
    long total = 0;
    for (int i = 0; i < 2; i++) {
        void *ret;
        pthread_join(t[i], &ret);
        total += (long)(intptr_t)ret;
    }
    long sum = 0;
    for (int i = 0; i < N; i++)
        sum += hits[i];
    printf("%ld %ld\n", sum, total);
    return 0;
}
