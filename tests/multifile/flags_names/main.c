/*
 * flags_names - members and globals named `flags` with different types.
 *
 * hdr.c's `struct hdr` has a 3-bit field `flags` (set before the threads
 * start and checked after, never in a block); state.c has a global `long
 * flags` whose bit k a thread takes in a retrying block; msg.c's `struct
 * msg` has a `short flags`; the worker below has a local `int flags`.
 * While a thread owns key k it updates the key's message, header and
 * counter in a block that checks it is still the owner.  Only the long's
 * bits are shared between owners: keys must never have two owners.
 */
// EXPECT: owned: 100000
// EXPECT: msg flags: 12500 12500 12500 12500 12500 12500 12500 12500
// EXPECT: msg total: 300000
// EXPECT: seq: 100000
// EXPECT: bits: ok
// EXPECT: flags: 0
// EXPECT: exclusive: ok
// LEGAL: global pervar stm

#include <pthread.h>
#include <stdio.h>
#include "parts.h"

#define THREADS 4
#define ITERS   25000

static long owned, bad;
static pthread_barrier_t gate;

static void *worker(void *arg)
{
    long id = (long)arg;
    int flags = 0;                  /* this thread's own: which keys it has used */
    pthread_barrier_wait(&gate);
    for (int i = 0; i < ITERS; i++) {
        int k = (i * 3 + (int)id) % NK;
        take_bit(k, id);
        atomic {
            if (owner[k] != id)
                bad++;
            msg_mark(k);
            hdr_touch(k);
            owned++;
        }
        flags |= 1 << k;
        drop_bit(k, id);
    }
    return (void *)(long)flags;
}

int main(void)
{
    hdr_init();
    for (int k = 0; k < NK; k++)
        owner[k] = -1;
    pthread_t t[THREADS];
    int used = 0;
    pthread_barrier_init(&gate, NULL, THREADS);
    for (long i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++) {
        void *r;
        pthread_join(t[i], &r);
        used |= (int)(long)r;
    }
    pthread_barrier_destroy(&gate);
    long total = 0;
    printf("owned: %ld\n", owned);
    printf("msg flags:");
    for (int k = 0; k < NK; k++) {
        printf(" %d", msgs[k].flags);
        total += msgs[k].total;
    }
    printf("\n");
    printf("msg total: %ld\n", total);
    printf("seq: %ld\n", hdr_seq_total());
    printf("bits: %s\n", hdr_bits_ok() && used == 0xff ? "ok" : "BROKEN");
    printf("flags: %ld\n", flags);
    printf("exclusive: %s\n", bad || state_broken() ? "BROKEN" : "ok");
    return 0;
}
