/* Stores in functions called from a block that can retry are undo-logged,
 * except stores to those functions' own frames (gone by the restart): a
 * callee filling its local buffer through a helper must not have that buffer
 * "restored" over later stack frames. */
// LEGAL: global pervar stm
// EXPECT: sum: 4000
// EXPECT: ok
#include <pthread.h>
#include <stdio.h>

static int avail;
static long total;

static void fill(int *buf, int n, int v)
{
    for (int i = 0; i < n; i++)
        buf[i] = v;            /* a store through a pointer into the caller's frame */
}

static int checksum(int v)
{
    int buf[64];
    fill(buf, 64, v);
    int s = 0;
    for (int i = 0; i < 64; i++)
        s += buf[i];
    return s / 64;
}

static void *consumer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 1000; i++) {
        atomic {
            total += checksum(1);   /* logged store to total; buf is a dead frame */
            if (avail == 0)
                retry;
            avail--;
        }
    }
    return NULL;
}

static void *producer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 4000; i++) {
        atomic {
            if (avail > 16)
                retry;
            avail++;
        }
    }
    return NULL;
}

int main(void)
{
    pthread_t c[4], p;
    for (int i = 0; i < 4; i++)
        pthread_create(&c[i], NULL, consumer, NULL);
    pthread_create(&p, NULL, producer, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(c[i], NULL);
    pthread_join(p, NULL);
    printf("sum: %ld\n", total);
    printf("%s\n", total == 4000 && avail == 0 ? "ok" : "FAIL");
    return total == 4000 ? 0 : 1;
}
