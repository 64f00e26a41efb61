/* (3) retry: a bounded queue whose consumers retry while it is empty and
 * whose producers retry while it is full; every item is delivered exactly
 * once.  Writes done before a retry are rolled back: checked both by other
 * threads (they must never see them) and deterministically. */
#include "atomicc_rt.h"
#include "test_common.h"

#include <string.h>

/* ---- part 1: deterministic rollback ------------------------------------- */

struct blob { long a[8]; char tail[3]; };

static int x;                 /* written before retry, must be restored */
static struct blob blob;      /* a larger object, logged twice (overlap) */
static int flag;              /* set by the helper's committed block */
static int y = 1;             /* logged outside any block: no effect */

static void *flag_setter(void *arg)
{
    (void)arg;
    test_sleep_ms(50);         /* the retrier is asleep in retry by now */
    {
        atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) =
            atomicc_global_enter();
    __atomicc_restart_1: __attribute__((unused));
        {
            struct blob zero;
            memset(&zero, 0, sizeof zero);
            CHECK(x == 0);
            CHECK(memcmp(&blob, &zero, sizeof zero) == 0);
            flag = 1;
        }
    }
    return NULL;
}

static void deterministic_rollback(void)
{
    int attempts = 0;   /* not logged on purpose: counts restarts */
    int idx = 0;
    int arr[4] = { 0, 0, 0, 0 };

    /* Outside any block: logging is a no-op, and p is evaluated once. */
    *ATOMICC_LOGW(&(y)) = 2;
    *ATOMICC_LOGW(&(arr[idx++])) = 5;
    CHECK(idx == 1 && arr[0] == 5 && y == 2);

    pthread_t t = test_spawn(flag_setter, NULL);
    {
        atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) =
            atomicc_global_enter();
    __atomicc_restart_1:;
        {
            struct blob zero, full;
            memset(&zero, 0, sizeof zero);
            memset(&full, 0x5a, sizeof full);
            attempts++;
            CHECK(x == 0);
            CHECK(memcmp(&blob, &zero, sizeof zero) == 0);
            CHECK(y == 2);
            *ATOMICC_LOGW(&(x)) = 7;
            *ATOMICC_LOGW(&(blob)) = full;
            *ATOMICC_LOGW(&(blob.a[3])) = 99;
            *ATOMICC_LOGW(&(blob.tail[1])) = 'q';
            *ATOMICC_LOGW(&(x)) = 8;
            if (!flag) {
                atomicc_global_retry(&__atomicc_g1);
                goto __atomicc_restart_1;
            }
        }
    }
    pthread_join(t, NULL);
    CHECK(attempts >= 2);
    CHECK(x == 8 && blob.a[3] == 99 && blob.a[0] == 0x5a5a5a5a5a5a5a5aL);
    CHECK(blob.tail[1] == 'q' && blob.tail[2] == 0x5a && y == 2);
}

/* ---- part 2: bounded queue ---------------------------------------------- */

#define CAP 4
#define NPROD 3
#define NCONS 2
#define PER_PROD (12000 / TEST_SCALE)
#define TOTAL (NPROD * PER_PROD)

static struct {
    int buf[CAP];
    int head, tail, n;
} q;
static int probe;                      /* 1 only between write and retry */
static unsigned char delivered[TOTAL + 1];
static long full_retries, empty_retries;

static void *producer(void *arg)
{
    int p = (int)(long)arg;
    long retries = 0;
    for (int i = 0; i < PER_PROD; i++) {
        int v = p * PER_PROD + i + 1;
        /* atomic { probe = 1; if (q.n == CAP) retry; push(v); probe = 0; } */
        {
            atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) =
                atomicc_global_enter();
        __atomicc_restart_1:;
            {
                CHECK(probe == 0);
                *ATOMICC_LOGW(&(probe)) = 1;
                if (q.n == CAP) {
                    retries++;
                    atomicc_global_retry(&__atomicc_g1);
                    goto __atomicc_restart_1;
                }
                *ATOMICC_LOGW(&(q.buf[q.tail])) = v;
                *ATOMICC_LOGW(&(q.tail)) = (q.tail + 1) % CAP;
                *ATOMICC_LOGW(&(q.n)) = q.n + 1;
                *ATOMICC_LOGW(&(probe)) = 0;
            }
        }
    }
    {
        atomicc_guard_t __atomicc_g2 __attribute__((cleanup(atomicc_global_leave))) =
            atomicc_global_enter();
    __atomicc_restart_2: __attribute__((unused));
        full_retries += retries;
    }
    return NULL;
}

static void *consumer(void *arg)
{
    (void)arg;
    long retries = 0;
    long sum = 0;
    for (int i = 0; i < TOTAL / NCONS; i++) {
        int v;
        /* atomic { probe = 2; if (q.n == 0) retry; v = pop(); delivered[v]++; probe = 0; } */
        {
            atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) =
                atomicc_global_enter();
        __atomicc_restart_1:;
            {
                CHECK(probe == 0);
                *ATOMICC_LOGW(&(probe)) = 2;
                if (q.n == 0) {
                    retries++;
                    atomicc_global_retry(&__atomicc_g1);
                    goto __atomicc_restart_1;
                }
                v = q.buf[q.head];
                *ATOMICC_LOGW(&(q.buf[q.head])) = -1;
                *ATOMICC_LOGW(&(q.head)) = (q.head + 1) % CAP;
                *ATOMICC_LOGW(&(q.n)) = q.n - 1;
                *ATOMICC_LOGW(&(delivered[v])) = delivered[v] + 1;
                *ATOMICC_LOGW(&(probe)) = 0;
            }
        }
        sum += v;
    }
    {
        atomicc_guard_t __atomicc_g2 __attribute__((cleanup(atomicc_global_leave))) =
            atomicc_global_enter();
    __atomicc_restart_2: __attribute__((unused));
        empty_retries += retries;
    }
    return (void *)sum;
}

int main(void)
{
    deterministic_rollback();

    pthread_t prod[NPROD], cons[NCONS];
    for (int c = 0; c < NCONS; c++)
        cons[c] = test_spawn(consumer, NULL);
    for (int p = 0; p < NPROD; p++)
        prod[p] = test_spawn(producer, (void *)(long)p);
    for (int p = 0; p < NPROD; p++)
        pthread_join(prod[p], NULL);
    long sum = 0;
    for (int c = 0; c < NCONS; c++) {
        void *r;
        pthread_join(cons[c], &r);
        sum += (long)r;
    }
    CHECK(sum == (long)TOTAL * (TOTAL + 1) / 2);
    for (int v = 1; v <= TOTAL; v++)
        CHECK(delivered[v] == 1);
    CHECK(q.n == 0 && probe == 0);
    CHECK(empty_retries > 0);   /* consumers started first on an empty queue */
    if (getenv("ATOMICC_TEST_VERBOSE"))
        fprintf(stderr, "full retries %ld, empty retries %ld\n", full_retries, empty_retries);
    puts("ok");
    return 0;
}
