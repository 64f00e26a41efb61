/*
 * ptr_arith.c - pointer arithmetic and pointer comparison on shared pointers.
 *
 * A ring buffer whose head and tail are shared *pointers* into a shared
 * array (not indices): producers and consumers advance them with ++,
 * wrap them by comparing with one-past-the-end, compute the fill level
 * as a pointer difference, and wait with retry when it is full or empty.
 * The consumers sum what they pop; every item arrives exactly once.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 37:9: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: produced: 40000
// EXPECT: consumed: 40000
// EXPECT: sum: 800020000
// EXPECT: ring: empty

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

#define CAP      16
#define PER_PROD 20000

static long ring[CAP + 1];              /* one slot left free */
static long *head = ring, *tail = ring; /* pop at head, push at tail */
static long produced, consumed, sum;

static ptrdiff_t fill(void)
{
    return tail >= head ? tail - head : (ring + CAP + 1 - head) + (tail - ring);
}

static void *producer(void *arg)
{
    long base = (long)arg * PER_PROD;
    for (long i = 1; i <= PER_PROD; i++) {
        atomic {
            if (fill() == CAP)
                retry;
            *tail++ = base + i;
            if (tail == &ring[CAP + 1])
                tail = ring;
            produced++;
        }
    }
    return NULL;
}

static void *consumer(void *arg)
{
    long mine = 0, n = (long)arg;
    for (long i = 0; i < n; i++) {
        long v;
        atomic {
            if (head == tail)
                retry;
            v = *head;
            head = head + 1 < ring + CAP + 1 ? head + 1 : head - CAP;
            consumed++;
        }
        mine += v;
    }
    atomic { sum += mine; }
    return NULL;
}

int main(void)
{
    pthread_t p[2], c[2];
    for (long i = 0; i < 2; i++)
        pthread_create(&c[i], NULL, consumer, (void *)(long)(i == 0 ? 15000 : 25000));
    for (long i = 0; i < 2; i++)
        pthread_create(&p[i], NULL, producer, (void *)i);
    for (int i = 0; i < 2; i++) {
        pthread_join(p[i], NULL);
        pthread_join(c[i], NULL);
    }
    printf("produced: %ld\n", produced);
    printf("consumed: %ld\n", consumed);
    printf("sum: %ld\n", sum);
    printf("ring: %s\n", head == tail && fill() == 0 ? "empty" : "NOT EMPTY");
    return 0;
}
