/* (pervar retry and solo mode)
 *   1. a block that retries while its thread is the only registered one (solo
 *      mode) undoes its stores, leaves solo mode and sleeps; a thread that
 *      starts (registers) later commits a block and wakes it; the block
 *      reruns and sees the new state, never its own undone stores;
 *   2. the same with the retry in a dynamically nested block: the outermost
 *      block restarts through its registered restart point
 *      (atomicc_pv_jmpbuf) and the nested block's stores are undone too;
 *   3. a bounded queue with retry (producers retry while full, consumers
 *      while empty), inline retryable paths with one and two locks, more
 *      threads than cores: every item is delivered exactly once; afterwards
 *      the main thread is alone again and its retryable blocks run solo.
 * The blocks are written as the compiler lowers them. */
#include "atomicc_rt.h"
#include "test_common.h"

#include <string.h>

#define COUNT_MASK (ATOMICC__PV_NO_INLINE_SOLO - 1u)

static unsigned registered(void)
{
    return __atomic_load_n(&atomicc__pv_solo.n, __ATOMIC_SEQ_CST) & COUNT_MASK;
}

static int in_solo(void)
{
    return __atomic_load_n(&atomicc__pv_solo.busy, __ATOMIC_SEQ_CST) != 0;
}

/* ---- part 1: retry in solo mode, woken by a later thread ------------------ */

struct blob { long a[6]; char tail[5]; };
static int flag;
static int x;
static struct blob blob;

static void *late_setter(void *arg)
{
    (void)arg;
    test_sleep_ms(50);     /* the main thread sleeps in retry by now */
    CHECK(registered() == 1);
    atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
    atomicc_pv_enter2(&pv, (const void *)&flag, ATOMICC_W, (const void *)&x, ATOMICC_R);
    {
        struct blob zero;
        memset(&zero, 0, sizeof zero);
        CHECK(!in_solo());             /* two threads registered */
        CHECK(x == 0);                 /* the retried stores were undone */
        CHECK(memcmp(&blob, &zero, sizeof zero) == 0);
        flag = 1;
    }
    return NULL;
}

static void solo_retry(void)
{
    int attempts = 0;      /* not logged: counts restarts */
    int solo_first = 0;
    pthread_t t = test_spawn(late_setter, NULL);
    {
        atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
        atomicc_pv_init_retry(&pv);
        atomicc_pv_addr(&pv, (const void *)&flag, ATOMICC_R);
        atomicc_pv_addr(&pv, (const void *)&x, ATOMICC_W);
        atomicc_pv_addr(&pv, (const void *)&blob, ATOMICC_W);
        atomicc_pv_enter(&pv);
    __atomicc_restart_1:;
        {
            struct blob full;
            memset(&full, 0x5a, sizeof full);
            if (attempts++ == 0)
                solo_first = in_solo();
            CHECK(x == 0);
            *ATOMICC_LOGW(&(x)) = 7;
            *ATOMICC_LOGW(&(blob)) = full;
            *ATOMICC_LOGW(&(blob.tail[2])) = 'q';
            if (!flag) {
                atomicc_pv_retry(&pv);
                goto __atomicc_restart_1;
            }
        }
    }
    pthread_join(t, NULL);
    CHECK(solo_first);
    CHECK(attempts >= 2);
    CHECK(x == 7 && blob.a[5] == 0x5a5a5a5a5a5a5a5aL && blob.tail[2] == 'q');
    CHECK(atomicc__pv_self.depth == 0 && atomicc__pv_self.outer == NULL);
    CHECK(registered() == 1 && !in_solo());
}

/* ---- part 2: nested retry in solo mode ------------------------------------ */

static int ready;
static int taken;
static int marker;         /* written by the outer block before the call */
static long outer_runs;    /* not logged */

static int take_or_retry(void)
{
    atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
    atomicc_pv_init_retry(&pv);
    atomicc_pv_addr(&pv, (const void *)&ready, ATOMICC_R);
    atomicc_pv_addr(&pv, (const void *)&taken, ATOMICC_W);
    atomicc_pv_enter(&pv);
__atomicc_restart_1:;
    if (__builtin_setjmp(*atomicc_pv_jmpbuf(&pv))) {
        CHECK(0);          /* restarts go to the outermost block */
    }
    {
        CHECK(atomicc__pv_self.depth == 2);
        *ATOMICC_LOGW(&(taken)) = taken + 1;    /* undone by the retry */
        if (!ready) {
            atomicc_pv_retry(&pv);
            goto __atomicc_restart_1;
        }
        return ready;
    }
}

static void *late_ready(void *arg)
{
    (void)arg;
    test_sleep_ms(50);
    atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
    atomicc_pv_enter2(&pv, (const void *)&ready, ATOMICC_W, (const void *)&marker, ATOMICC_R);
    {
        CHECK(marker == 0 && taken == 0);
        ready = 5;
    }
    return NULL;
}

static int got, solo_first2;   /* static: kept across the longjmp */

static void nested_solo_retry(void)
{
    pthread_t t = test_spawn(late_ready, NULL);
    {
        atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
        atomicc_pv_init_retry(&pv);
        atomicc_pv_addr(&pv, (const void *)&marker, ATOMICC_W);
        atomicc_pv_addr(&pv, (const void *)&ready, ATOMICC_R);
        atomicc_pv_addr(&pv, (const void *)&taken, ATOMICC_W);
        atomicc_pv_enter(&pv);
        if (__builtin_setjmp(*atomicc_pv_jmpbuf(&pv))) {
        }
        {
            if (outer_runs++ == 0)
                solo_first2 = in_solo();
            CHECK(marker == 0 && taken == 0);
            *ATOMICC_LOGW(&(marker)) = 1;
            got = take_or_retry();
            CHECK(atomicc__pv_self.depth == 1);
        }
    }
    pthread_join(t, NULL);
    CHECK(solo_first2);
    CHECK(outer_runs >= 2);
    CHECK(got == 5 && marker == 1 && taken == 1);
    CHECK(atomicc__pv_self.depth == 0 && atomicc__pv_self.outer == NULL);
}

/* ---- part 3: a queue with retry, several threads -------------------------- */

#define CAP 8
#define PRODUCERS 2
#define CONSUMERS 2
#define PER_PRODUCER (4000 / TEST_SCALE)
#define QCLASS 11u

static struct {
    int buf[CAP];
    int head, tail, n;
} q;
static int total_pushed;           /* a second lock in push (two-lock inline path) */
static unsigned char seen_item[PRODUCERS * PER_PRODUCER];

/* class lock only: one request, inline retryable path */
static void push(int v)
{
    atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
    atomicc_pv_init_retry(&pv);
    atomicc_pv_class(&pv, QCLASS, ATOMICC_X);
    atomicc_pv_addr(&pv, (const void *)&total_pushed, ATOMICC_W);
    atomicc_pv_enter(&pv);
__atomicc_restart_1:;
    {
        if (q.n == CAP) {
            atomicc_pv_retry(&pv);
            goto __atomicc_restart_1;
        }
        *ATOMICC_LOGW(&(q.buf[q.tail])) = v;
        *ATOMICC_LOGW(&(q.tail)) = (q.tail + 1) % CAP;
        *ATOMICC_LOGW(&(q.n)) = q.n + 1;
        *ATOMICC_LOGW(&(total_pushed)) = total_pushed + 1;
    }
}

static int pop(void)
{
    atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
    atomicc_pv_init_retry(&pv);
    atomicc_pv_class(&pv, QCLASS, ATOMICC_X);
    atomicc_pv_enter(&pv);
__atomicc_restart_1:;
    {
        if (q.n == 0) {
            atomicc_pv_retry(&pv);
            goto __atomicc_restart_1;
        }
        int v = q.buf[q.head];
        *ATOMICC_LOGW(&(q.head)) = (q.head + 1) % CAP;
        *ATOMICC_LOGW(&(q.n)) = q.n - 1;
        return v;
    }
}

static void *producer(void *arg)
{
    int id = (int)(long)arg;
    for (int i = 0; i < PER_PRODUCER; i++)
        push(id * PER_PRODUCER + i);
    return NULL;
}

static void *consumer(void *arg)
{
    long *count = arg;
    for (int i = 0; i < PRODUCERS * PER_PRODUCER / CONSUMERS; i++) {
        int v = pop();
        CHECK(v >= 0 && v < PRODUCERS * PER_PRODUCER);
        CHECK(__atomic_exchange_n(&seen_item[v], 1, __ATOMIC_RELAXED) == 0);
        ++*count;
    }
    return NULL;
}

static void queue(void)
{
    pthread_t p[PRODUCERS], c[CONSUMERS];
    long counts[CONSUMERS] = { 0 };
    for (int i = 0; i < CONSUMERS; i++)
        c[i] = test_spawn(consumer, &counts[i]);
    for (int i = 0; i < PRODUCERS; i++)
        p[i] = test_spawn(producer, (void *)(long)i);
    for (int i = 0; i < PRODUCERS; i++)
        pthread_join(p[i], NULL);
    for (int i = 0; i < CONSUMERS; i++)
        pthread_join(c[i], NULL);
    long total = 0;
    for (int i = 0; i < CONSUMERS; i++)
        total += counts[i];
    CHECK(total == PRODUCERS * PER_PRODUCER);
    for (int i = 0; i < PRODUCERS * PER_PRODUCER; i++)
        CHECK(seen_item[i] == 1);
    CHECK(q.n == 0 && total_pushed == PRODUCERS * PER_PRODUCER);

    /* alone again: a retryable block runs solo, and its stores are kept */
    CHECK(registered() == 1);
    push(1);
    {
        atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
        atomicc_pv_init_retry(&pv);
        atomicc_pv_class(&pv, QCLASS, ATOMICC_X);
        atomicc_pv_enter(&pv);
        CHECK(in_solo());
        CHECK(atomicc__pv_self.outer == &pv);
        CHECK(q.n == 1);
    }
    CHECK(pop() == 1);
    CHECK(!in_solo() && atomicc__pv_self.outer == NULL);
}

int main(void)
{
    /* register the main thread first, so part 1 starts in solo mode */
    {
        atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
        atomicc_pv_enter1(&pv, (const void *)&x, ATOMICC_R);
    }
    CHECK(registered() == 1);
    solo_retry();
    nested_solo_retry();
    queue();
    printf("ok\n");
    return 0;
}
