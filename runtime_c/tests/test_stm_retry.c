/* STM (3) retry: a bounded queue with 2 producers and 3 consumers.
 * Producers retry while the queue is full, consumers while it is empty (one
 * consumer pops through a function whose own atomic block retries: a nested
 * retry restarts the outermost block).  Every item arrives exactly once.
 * Then: a consumer waiting on an empty queue sleeps (its CPU time stays
 * small while nothing is produced) and wakes when an item arrives. */
#include "atomicc_rt.h"
#include "atomicc_stm.h"
#include "test_common.h"

#include <string.h>
#include <time.h>

#define CAP 8
#define PRODUCERS 2
#define CONSUMERS 3
#define ITEMS (20000 / TEST_SCALE) /* per producer */
#define TOTAL (PRODUCERS * ITEMS)

static struct {
    int buf[CAP];
    int head, tail, n;
    int consumed;
} q;
static unsigned char got[TOTAL]; /* only written by the consumer that popped */

static void push(int v)
{
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        {
            if (ATOMICC_TX_LOAD(__atomicc_tx, &q.n) == CAP)
                atomicc_stm_retry(__atomicc_tx);
            int t = ATOMICC_TX_LOAD(__atomicc_tx, &q.tail);
            ATOMICC_TX_STORE(__atomicc_tx, &q.buf[t], v);
            ATOMICC_TX_STORE(__atomicc_tx, &q.tail, (t + 1) % CAP);
            ATOMICC_TX_POSTINC(__atomicc_tx, &q.n);
        }
    }
}

/* atomic { if (q.n == 0) retry; return pop; } -- also called nested */
static int pop_or_retry(void)
{
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        {
            if (ATOMICC_TX_LOAD(__atomicc_tx, &q.n) == 0)
                atomicc_stm_retry(__atomicc_tx);
            int h = ATOMICC_TX_LOAD(__atomicc_tx, &q.head);
            int v = ATOMICC_TX_LOAD(__atomicc_tx, &q.buf[h]);
            ATOMICC_TX_STORE(__atomicc_tx, &q.head, (h + 1) % CAP);
            ATOMICC_TX_PREDEC(__atomicc_tx, &q.n);
            return v;
        }
    }
}

/* atomic { if (consumed == TOTAL) return -1; consumed++; return pop_or_retry(); } */
static int take(int nested)
{
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        {
            if (ATOMICC_TX_LOAD(__atomicc_tx, &q.consumed) == TOTAL)
                return -1;
            ATOMICC_TX_UPDATE(__atomicc_tx, &q.consumed, +, 1);
            if (nested)
                return pop_or_retry(); /* its retry restarts this block */
            if (ATOMICC_TX_LOAD(__atomicc_tx, &q.n) == 0)
                atomicc_stm_retry(__atomicc_tx);
            int h = ATOMICC_TX_LOAD(__atomicc_tx, &q.head);
            int v = ATOMICC_TX_LOAD(__atomicc_tx, &q.buf[h]);
            ATOMICC_TX_STORE(__atomicc_tx, &q.head, (h + 1) % CAP);
            ATOMICC_TX_UPDATE(__atomicc_tx, &q.n, -, 1);
            return v;
        }
    }
}

static void *producer(void *arg)
{
    int id = (int)(long)arg;
    for (int i = 0; i < ITEMS; i++)
        push(id * ITEMS + i);
    return NULL;
}

static void *consumer(void *arg)
{
    int nested = (int)(long)arg == 0;
    long n = 0;
    for (int v; (v = take(nested)) >= 0; n++) {
        CHECK(v < TOTAL);
        CHECK(got[v] == 0);
        got[v] = 1;
    }
    return (void *)n;
}

static double thread_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int waited_item;
static double waited_cpu;

static void *sleeper(void *arg)
{
    (void)arg;
    double c0 = thread_cpu();
    int v = pop_or_retry();
    waited_cpu = thread_cpu() - c0;
    __atomic_store_n(&waited_item, v, __ATOMIC_RELEASE);
    return NULL;
}

int main(void)
{
    pthread_t p[PRODUCERS], c[CONSUMERS];
    for (long i = 0; i < CONSUMERS; i++)
        c[i] = test_spawn(consumer, (void *)i);
    for (long i = 0; i < PRODUCERS; i++)
        p[i] = test_spawn(producer, (void *)i);
    for (int i = 0; i < PRODUCERS; i++)
        pthread_join(p[i], NULL);
    long total = 0;
    for (int i = 0; i < CONSUMERS; i++) {
        void *r;
        pthread_join(c[i], &r);
        total += (long)r;
    }
    CHECK(total == TOTAL);
    for (int i = 0; i < TOTAL; i++)
        CHECK(got[i] == 1);
    CHECK(q.n == 0 && q.consumed == TOTAL);

    /* a waiter sleeps: 300 ms of waiting costs little CPU */
    pthread_t s = test_spawn(sleeper, NULL);
    test_sleep_ms(300);
    CHECK(__atomic_load_n(&waited_item, __ATOMIC_ACQUIRE) == 0);
    push(4242);
    pthread_join(s, NULL);
    CHECK(waited_item == 4242);
    CHECK(waited_cpu < 0.1);
    if (getenv("STM_STATS"))
        fprintf(stderr, "%s waited_cpu=%.4f\n", atomicc_stm_stats_string(), waited_cpu);
    printf("ok\n");
    return 0;
}
