/*
 * volatile_fields.c - `volatile` fields and objects in atomic blocks.
 *
 * A struct with volatile members (a status word polled by a spinning
 * waiter outside any block, a volatile counter and a pointer to volatile
 * data), updated in blocks.  The waiter outside the blocks only reads a
 * C11 atomic flag; the volatile members are read and written only in
 * blocks.  Values must be exact.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 36:9: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: ticks: 40000
// EXPECT: status: 4
// EXPECT: buffer: 10000 10000 10000 10000
// EXPECT: last: ok

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

struct device {
    volatile int status;
    volatile long ticks;
    volatile long *buf;
    long last;
};

static volatile long storage[4];
static struct device dev = { .buf = storage };
static atomic_int done_count;

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    for (int i = 0; i < 10000; i++) {
        atomic {
            dev.ticks++;
            dev.buf[id] += 1;
            dev.last = dev.ticks;
        }
    }
    atomic { dev.status = dev.status + 1; }
    atomic_fetch_add(&done_count, 1);
    return NULL;
}

int main(void)
{
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    while (atomic_load(&done_count) < 4)
        ;                              /* spin outside any block */
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    int st;
    long ticks, last;
    atomic { st = dev.status; ticks = dev.ticks; last = dev.last; }
    printf("ticks: %ld\n", ticks);
    printf("status: %d\n", st);
    printf("buffer: %ld %ld %ld %ld\n", storage[0], storage[1], storage[2], storage[3]);
    printf("last: %s\n", last == ticks ? "ok" : "BAD");
    return 0;
}
