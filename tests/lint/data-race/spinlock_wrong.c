/*
 * spinlock_wrong.c -- pattern: "wrong spinlock".
 *
 * Two spinlocks guard two different statistics.  `rx_bytes` is updated
 * under `rx_spin` by the receive thread, but the transmit thread updates
 * `rx_bytes` (a copy-paste slip) while holding `tx_spin`: no common lock,
 * data-race#1.  `tx_bytes` is only updated under `tx_spin`: no race.
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
        rx_bytes += 64; // LINT: data-race#1
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
        rx_bytes += 0; // LINT: data-race#1
        pthread_spin_unlock(&tx_spin);
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
