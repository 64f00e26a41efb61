/*
 * dr_spinlock.c -- near miss of data-race/spinlock_wrong.c; pattern:
 * "each statistic under its own spinlock".
 *
 * `rx_bytes` is only touched under `rx_spin` and `tx_bytes` only under
 * `tx_spin`, by both threads.  The transmit thread takes the two spinlocks
 * one after the other (never nested).
 * No finding.
// NEAR-MISS: data-race
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

static pthread_spinlock_t rx_spin, tx_spin;
static long rx_bytes, tx_bytes;

static void *receive(void *arg)
{
    (void)arg;
    for (int i = 0; i < 1000; i++) {
        pthread_spin_lock(&rx_spin);
        rx_bytes += 64;
        pthread_spin_unlock(&rx_spin);
    }
    return NULL;
}

static void *transmit(void *arg)
{
    (void)arg;
    for (int i = 0; i < 1000; i++) {
        pthread_spin_lock(&tx_spin);
        tx_bytes += 32;
        pthread_spin_unlock(&tx_spin);
        pthread_spin_lock(&rx_spin);
        rx_bytes += 0;
        pthread_spin_unlock(&rx_spin);
    }
    return NULL;
}

int main(void)
{
    pthread_t r, t;
    pthread_spin_init(&rx_spin, PTHREAD_PROCESS_PRIVATE);
    pthread_spin_init(&tx_spin, PTHREAD_PROCESS_PRIVATE);
    pthread_create(&r, NULL, receive, NULL);
    pthread_create(&t, NULL, transmit, NULL);
    pthread_join(r, NULL);
    pthread_join(t, NULL);
    printf("%ld %ld\n", rx_bytes, tx_bytes);
    return 0;
}
