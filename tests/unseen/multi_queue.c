/*
 * multi_queue.c - retry-based producer/consumer over several queues.
 *
 * Three bounded queues.  Producers push into the queue picked by the
 * item (retrying while it is full); consumers take from the first
 * non-empty queue of their preference order (an orElse: retry only when
 * all three are empty), and a mover shifts items from queue 0 to queue 2
 * in one block (retrying unless 0 is non-empty *and* 2 has room, or the
 * producers are done and 0 is empty: then it stops early).  A
 * poison item per consumer, pushed once all queues drain, ends it.  Every item arrives exactly once.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 33:5: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: produced: 30000
// EXPECT: consumed: 30000
// EXPECT: checksum: ok
// EXPECT: queues: empty

#include <pthread.h>
#include <stdio.h>

#define QCAP 8
#define NQ 3
#define PER_PRODUCER 10000
#define POISON -1L

struct queue { long item[QCAP]; int head, count; };
static struct queue q[NQ];
static long produced, consumed, sum_in, sum_out, moved;

static void push(struct queue *qq, long v)
{
    atomic {                          /* joins the caller's block */
        if (qq->count == QCAP)
            retry;
        qq->item[(qq->head + qq->count++) % QCAP] = v;
    }
}

static long pop(struct queue *qq)
{
    long v = qq->item[qq->head];
    qq->head = (qq->head + 1) % QCAP;
    qq->count--;
    return v;
}

static void *producer(void *arg)
{
    long id = (long)arg;
    for (long i = 0; i < PER_PRODUCER; i++) {
        long v = id * PER_PRODUCER + i + 1;
        atomic { push(&q[v % NQ], v); produced++; sum_in += v; }
    }
    return NULL;
}

static void *consumer(void *arg)
{
    int first = (int)(long)arg;
    for (;;) {
        long v;
        atomic {
            int k = first;
            while (q[k].count == 0) {
                k = (k + 1) % NQ;
                if (k == first)
                    retry;
            }
            v = pop(&q[k]);
            if (v != POISON) { consumed++; sum_out += v; }
        }
        if (v == POISON)
            return NULL;
    }
}

static void *mover(void *arg)
{
    (void)arg;
    for (int i = 0; i < 2000; i++) {
        int stop = 0;
        atomic {
            if (q[0].count == 0 && produced == 3 * PER_PRODUCER) {
                stop = 1;
            } else {
                if (q[0].count == 0 || q[2].count == QCAP)
                    retry;
                push(&q[2], pop(&q[0]));
                moved++;
            }
        }
        if (stop)
            break;
    }
    return NULL;
}

int main(void)
{
    pthread_t p[3], c[2], m;
    for (long i = 0; i < 2; i++)
        pthread_create(&c[i], NULL, consumer, (void *)i);
    pthread_create(&m, NULL, mover, NULL);
    for (long i = 0; i < 3; i++)
        pthread_create(&p[i], NULL, producer, (void *)i);
    for (int i = 0; i < 3; i++)
        pthread_join(p[i], NULL);
    pthread_join(m, NULL);
    atomic {                       /* poison only once everything is consumed */
        if (q[0].count + q[1].count + q[2].count != 0)
            retry;
        push(&q[1], POISON);
        push(&q[1], POISON);
    }
    for (int i = 0; i < 2; i++)
        pthread_join(c[i], NULL);
    printf("produced: %ld\n", produced);
    printf("consumed: %ld\n", consumed);
    printf("checksum: %s\n", sum_in == sum_out && moved <= 2000 ? "ok" : "BAD");
    printf("queues: %s\n", q[0].count + q[1].count + q[2].count == 0 ? "empty" : "NOT EMPTY");
    return 0;
}
