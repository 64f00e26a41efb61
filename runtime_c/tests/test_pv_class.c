/* (pervar class locks) The distributed intention lock of an alias class:
 * per-object blocks take the class in IX (writers) or IS (readers) plus
 * their object's stripe, whole-class blocks take it in X (move money
 * between every account) or S (sum every account), all at once from more
 * threads than CPUs.  Checked:
 *   - an S block never sees a transfer half done (the sum is constant), and
 *     nobody writes while it reads (the in_s counter of writers stays 0);
 *   - an X block runs alone: no per-object block and no other X or S block
 *     is inside meanwhile (in_obj / in_whole counters);
 *   - IS readers run alongside IX writers and S readers (no deadlock, no
 *     lost wakeup: a hang fails the run.sh timeout);
 *   - two classes in one block (taken in slot order), and a class in IX
 *     with an X on another class;
 *   - the money is all there at the end.
 * Also a whole-class X block that sleeps, so that intention requesters
 * retract and park, and a per-object block that sleeps, so that the
 * whole-class side parks on the gate. */
#include "atomicc_rt.h"
#include "test_common.h"

#include <string.h>

#define NTHREADS 6
#define N 64
#define INIT 100
#define ITERS (6000 / TEST_SCALE)
#define CLS 9u
#define CLS2 200u

static long acct[N];
static long other[N];
static long in_obj;    /* per-object blocks inside (atomically counted) */
static long in_whole;  /* X blocks inside */
static long in_s;      /* S blocks inside */

static void obj_block(unsigned id, unsigned i)
{
    unsigned from = (id * 7 + i * 13) % N, to = (id * 11 + i * 5 + 1) % N;
    if (to == from)
        to = (to + 1) % N;
    atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
    atomicc_pv_init(&pv);
    atomicc_pv_class(&pv, CLS, ATOMICC_IX);
    atomicc_pv_addr(&pv, &acct[from], ATOMICC_W);
    atomicc_pv_addr(&pv, &acct[to], ATOMICC_W);
    atomicc_pv_enter(&pv);
    __atomic_fetch_add(&in_obj, 1, __ATOMIC_SEQ_CST);
    CHECK(__atomic_load_n(&in_whole, __ATOMIC_SEQ_CST) == 0);
    CHECK(__atomic_load_n(&in_s, __ATOMIC_SEQ_CST) == 0);
    long a = __atomic_load_n(&acct[from], __ATOMIC_RELAXED);
    if (a >= 3) {
        __atomic_store_n(&acct[from], a - 3, __ATOMIC_RELAXED);
        __atomic_store_n(&acct[to], __atomic_load_n(&acct[to], __ATOMIC_RELAXED) + 3, __ATOMIC_RELAXED);
    }
    if (i % 1500 == 7)
        test_sleep_ms(1); /* the whole-class side parks on the gate */
    __atomic_fetch_sub(&in_obj, 1, __ATOMIC_SEQ_CST);
}

static void reader_block(unsigned id, unsigned i)
{
    unsigned k = (id + i) % N;
    atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
    atomicc_pv_init(&pv);
    atomicc_pv_class(&pv, CLS, ATOMICC_IS);
    atomicc_pv_addr(&pv, &acct[k], ATOMICC_R);
    atomicc_pv_enter(&pv);
    CHECK(__atomic_load_n(&in_whole, __ATOMIC_SEQ_CST) == 0);
    CHECK(__atomic_load_n(&acct[k], __ATOMIC_RELAXED) >= 0);
}

static void sum_block(void)
{
    atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
    atomicc_pv_init(&pv);
    atomicc_pv_class(&pv, CLS, ATOMICC_S);
    atomicc_pv_enter(&pv);
    __atomic_fetch_add(&in_s, 1, __ATOMIC_SEQ_CST);
    CHECK(__atomic_load_n(&in_obj, __ATOMIC_SEQ_CST) == 0);
    CHECK(__atomic_load_n(&in_whole, __ATOMIC_SEQ_CST) == 0);
    long sum = 0;
    for (int k = 0; k < N; k++)
        sum += __atomic_load_n(&acct[k], __ATOMIC_RELAXED);
    CHECK(sum == (long)N * INIT);
    __atomic_fetch_sub(&in_s, 1, __ATOMIC_SEQ_CST);
}

static void whole_block(unsigned i)
{
    atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
    atomicc_pv_init(&pv);
    atomicc_pv_class(&pv, CLS2, ATOMICC_IX); /* two classes: slot order */
    atomicc_pv_class(&pv, CLS, ATOMICC_X);
    atomicc_pv_addr(&pv, &other[i % N], ATOMICC_W);
    atomicc_pv_enter(&pv);
    CHECK(__atomic_fetch_add(&in_whole, 1, __ATOMIC_SEQ_CST) == 0);
    CHECK(__atomic_load_n(&in_obj, __ATOMIC_SEQ_CST) == 0);
    CHECK(__atomic_load_n(&in_s, __ATOMIC_SEQ_CST) == 0);
    /* rotate one unit around the ring: the sum stays */
    for (int k = 0; k < N; k++) {
        if (acct[k] > 0) {
            acct[k]--;
            acct[(k + 1) % N]++;
        }
    }
    other[i % N]++;
    if (i % 200 == 3)
        test_sleep_ms(1); /* intention requesters retract and park */
    __atomic_fetch_sub(&in_whole, 1, __ATOMIC_SEQ_CST);
}

static void other_block(unsigned i)
{
    atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
    atomicc_pv_init(&pv);
    atomicc_pv_class(&pv, CLS2, ATOMICC_IX);
    atomicc_pv_addr(&pv, &other[(i * 3) % N], ATOMICC_W);
    atomicc_pv_enter(&pv);
    other[(i * 3) % N]++;
}

static void *worker(void *arg)
{
    unsigned id = (unsigned)(long)arg;
    for (unsigned i = 0; i < ITERS; i++) {
        switch ((id + i) % 16) {
        case 0:
            if (id == 0 || id == 3)
                whole_block(i);
            else
                sum_block();
            break;
        case 1: case 2: case 3:
            reader_block(id, i);
            break;
        case 4:
            other_block(i);
            break;
        default:
            obj_block(id, i);
        }
        if (i % 97 == 0)
            sched_yield();
    }
    return NULL;
}

int main(void)
{
    test_bank_fill(acct, N, INIT);
    pthread_t t[NTHREADS];
    for (long i = 0; i < NTHREADS; i++)
        t[i] = test_spawn(worker, (void *)i);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    test_bank_check(acct, N, INIT);
    CHECK(in_obj == 0 && in_whole == 0 && in_s == 0);
    /* the class words are back to free */
    CHECK(atomicc__pv_table[CLS].word == 0 && atomicc__pv_table[CLS2].word == 0);
    puts("ok");
    return 0;
}
