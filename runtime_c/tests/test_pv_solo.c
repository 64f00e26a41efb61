/* (pervar solo mode) While one thread is registered with the pervar runtime
 * its outermost blocks take no lock (solo mode: atomicc__pv_solo.busy is
 * raised instead).  Checked here:
 *   1. one thread: enter1 / enter2 / generic enter (class lock, > 2 requests)
 *      and nested blocks run solo, touch no lock word, keep the depth right;
 *   2. a second thread registering while the first is inside a solo block
 *      waits until that block ends;
 *   3. threads join and leave repeatedly while the first keeps running
 *      blocks: two banks (enter2 transfers audited by a block with 8 read
 *      locks; class IX + two stripes audited under the class S lock) keep
 *      their totals in every audit and at the end, and a counter incremented
 *      by read-modify-write in enter1 blocks loses no update;
 *   4. after the other threads exit (count back to 1) solo mode resumes.
 * The blocks are written as the compiler lowers them. */
#include "atomicc_rt.h"
#include "test_common.h"

#include <stdatomic.h>
#include <stdint.h>

#define COUNT_MASK (ATOMICC__PV_NO_INLINE_SOLO - 1u)

static unsigned registered(void)
{
    return __atomic_load_n(&atomicc__pv_solo.n, __ATOMIC_SEQ_CST) & COUNT_MASK;
}

static int in_solo(void)
{
    return __atomic_load_n(&atomicc__pv_solo.busy, __ATOMIC_SEQ_CST) != 0;
}

static int table_idle(void)
{
    for (unsigned i = 0; i < ATOMICC_PV_CLASSES + ATOMICC_PV_STRIPES; i++)
        if (__atomic_load_n(&atomicc__pv_table[i].word, __ATOMIC_RELAXED) != 0)
            return 0;
    return 1;
}

/* ---- the data ------------------------------------------------------------- */

#define NA 8                   /* bank A: enter2 transfers, audited with 8 R locks */
#define NB 64                  /* bank B: class IX + stripes, audited under class S */
#define CLASS_B 7u
#define INIT 1000

static long bank_a[NA];
static long bank_b[NB];
static long counter;           /* incremented by read-modify-write in enter1 blocks */
static long audits_bad;

static void spin_a_little(unsigned n)
{
    for (volatile unsigned i = 0; i < n; i++)
        ;
}

static void transfer_a(unsigned from, unsigned to, long amount)
{
    atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
    atomicc_pv_enter2(&pv, (const void *)&bank_a[from], ATOMICC_W, (const void *)&bank_a[to], ATOMICC_W);
    {
        if (bank_a[from] >= amount) {
            bank_a[from] -= amount;
            spin_a_little(8);
            bank_a[to] += amount;
        }
    }
}

static void audit_a(void)
{
    atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
    atomicc_pv_init(&pv);
    for (unsigned i = 0; i < NA; i++)
        atomicc_pv_addr(&pv, (const void *)&bank_a[i], ATOMICC_R);
    atomicc_pv_enter(&pv);
    {
        long s = 0;
        for (unsigned i = 0; i < NA; i++)
            s += bank_a[i];
        if (s != (long)NA * INIT)
            __atomic_fetch_add(&audits_bad, 1, __ATOMIC_RELAXED); /* shared read locks */
    }
}

static void transfer_b(unsigned from, unsigned to, long amount)
{
    atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
    atomicc_pv_init(&pv);
    atomicc_pv_class(&pv, CLASS_B, ATOMICC_IX);
    atomicc_pv_addr(&pv, (const void *)&bank_b[from], ATOMICC_W);
    atomicc_pv_addr(&pv, (const void *)&bank_b[to], ATOMICC_W);
    atomicc_pv_enter(&pv);
    {
        if (bank_b[from] >= amount) {
            bank_b[from] -= amount;
            bank_b[to] += amount;
        }
    }
}

/* Returns the total it saw. */
static long audit_b(void)
{
    long s = 0;
    atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
    atomicc_pv_init(&pv);
    atomicc_pv_class(&pv, CLASS_B, ATOMICC_S);
    atomicc_pv_enter(&pv);
    {
        for (unsigned i = 0; i < NB; i++)
            s += bank_b[i];
    }
    return s;
}

static void bump(void)
{
    atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
    atomicc_pv_enter1(&pv, (const void *)&counter, ATOMICC_W);
    {
        long v = counter;
        spin_a_little(16);
        counter = v + 1;
    }
}

/* A nested block: called from inside another one. */
static int inner_depth_ok;
static void nested_bump(void)
{
    atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
    atomicc_pv_enter1(&pv, (const void *)&counter, ATOMICC_W);
    {
        inner_depth_ok += atomicc__pv_self.depth == 2;
        counter++;
        bump(); /* depth 3 */
    }
}

static uint64_t rng_next(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 2685821657736338717ULL;
}

/* One round of mixed work; returns the number of bump()s done. */
static long work(uint64_t *rng, long rounds, int check_solo, int *solo_seen)
{
    long bumps = 0;
    for (long i = 0; i < rounds; i++) {
        uint64_t r = rng_next(rng);
        unsigned a1 = (unsigned)(r % NA), a2 = (unsigned)((r >> 8) % NA);
        unsigned b1 = (unsigned)((r >> 16) % NB), b2 = (unsigned)((r >> 24) % NB);
        long amt = 1 + (long)((r >> 32) % 300);
        switch ((r >> 40) % 8) {
        case 0:
            audit_a();
            break;
        case 1:
            if (audit_b() != (long)NB * INIT)
                __atomic_fetch_add(&audits_bad, 1, __ATOMIC_RELAXED);
            break;
        case 2:
        case 3:
            bump();
            bumps++;
            break;
        case 4:
        case 5:
            if (a1 != a2)
                transfer_a(a1, a2, amt);
            break;
        default:
            transfer_b(b1, b2, amt);   /* b1 == b2 merges into one lock */
            break;
        }
        if (check_solo) {
            atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
            atomicc_pv_enter1(&pv, (const void *)&counter, ATOMICC_R);
            *solo_seen |= in_solo();
        }
    }
    return bumps;
}

/* ---- part 1: one thread --------------------------------------------------- */

static void one_thread(void)
{
    uint64_t rng = 12345;
    CHECK(atomicc__pv_self.depth == ATOMICC__PV_UNREG);
    bump(); /* registers */
    CHECK(atomicc__pv_self.depth == 0);
    CHECK(registered() == 1);
    {
        atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
        atomicc_pv_enter2(&pv, (const void *)&bank_a[0], ATOMICC_W, (const void *)&bank_a[1], ATOMICC_R);
        CHECK(in_solo());
        CHECK(table_idle());
        CHECK(atomicc__pv_self.depth == 1);
        nested_bump();
        CHECK(atomicc__pv_self.depth == 1);
        CHECK(in_solo());
        {
            atomicc_pv_t pv2 __attribute__((cleanup(atomicc_pv_leave)));
            atomicc_pv_init(&pv2);
            atomicc_pv_class(&pv2, CLASS_B, ATOMICC_S);
            atomicc_pv_enter(&pv2);
            CHECK(atomicc__pv_self.depth == 2);
        }
        CHECK(in_solo() && table_idle());
    }
    CHECK(!in_solo());
    CHECK(atomicc__pv_self.depth == 0);
    CHECK(inner_depth_ok == 1);
    CHECK(counter == 3);
    audit_a();
    CHECK(audit_b() == (long)NB * INIT);
    {
        atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
        atomicc_pv_init(&pv);
        for (unsigned i = 0; i < 5; i++)
            atomicc_pv_addr(&pv, (const void *)&bank_b[i], ATOMICC_W);
        atomicc_pv_enter(&pv);
        CHECK(in_solo() && table_idle());
    }
    int solo_seen = 0;
    long b = work(&rng, 20000 / TEST_SCALE, 0, &solo_seen);
    CHECK(counter == 3 + b);
    CHECK(table_idle());
}

/* ---- part 2: a thread registers while the first is inside a block --------- */

static atomic_int b_arrived;
static int b_entered;          /* written in B's first block */

static void *joiner(void *arg)
{
    (void)arg;
    atomic_store(&b_arrived, 1);
    atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
    atomicc_pv_enter1(&pv, (const void *)&b_entered, ATOMICC_W);
    {
        CHECK(!in_solo());
        b_entered = 1;
    }
    return NULL;
}

static void join_while_inside(void)
{
    pthread_t t;
    {
        atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
        atomicc_pv_enter1(&pv, (const void *)&counter, ATOMICC_W);
        CHECK(in_solo());
        t = test_spawn(joiner, NULL);
        /* the joiner registers (count 2), then waits for this block */
        double t0 = test_now();
        while (registered() != 2 && test_now() - t0 < 3.0)
            test_sleep_ms(1);
        CHECK(registered() == 2);
        test_sleep_ms(20);
        CHECK(b_entered == 0);
        CHECK(in_solo());
        counter++;
    }
    pthread_join(t, NULL);
    CHECK(b_entered == 1);
    /* the joiner exited: back to one registered thread, solo again */
    CHECK(registered() == 1);
    {
        atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
        atomicc_pv_enter1(&pv, (const void *)&counter, ATOMICC_W);
        CHECK(in_solo());
        counter++;
    }
}

/* ---- part 3: threads come and go ------------------------------------------ */

#define HELPERS 3

struct helper {
    uint64_t rng;
    long rounds;
    long bumps;
    int solo_seen;
};

static void *helper_main(void *arg)
{
    struct helper *h = arg;
    h->bumps = work(&h->rng, h->rounds, 1, &h->solo_seen);
    return NULL;
}

static void come_and_go(void)
{
    uint64_t rng = 777;
    long expect = counter;
    for (int round = 0; round < 6; round++) {
        static struct helper h[HELPERS];
        pthread_t t[HELPERS];
        int nh = 1 + round % HELPERS;
        for (int i = 0; i < nh; i++) {
            h[i] = (struct helper){ .rng = 0x9E3779B97F4A7C15ull * (uint64_t)(round * 8 + i + 1),
                                    .rounds = 40000 / TEST_SCALE };
            t[i] = test_spawn(helper_main, &h[i]);
        }
        /* the main thread keeps running blocks while they join and leave */
        int solo_seen = 0;
        expect += work(&rng, 40000 / TEST_SCALE, 0, &solo_seen);
        for (int i = 0; i < nh; i++) {
            pthread_join(t[i], NULL);
            expect += h[i].bumps;
            /* a helper that was alone for a while may have run solo: fine */
        }
        CHECK(registered() == 1);
        {
            atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
            atomicc_pv_enter2(&pv, (const void *)&bank_a[2], ATOMICC_W, (const void *)&counter, ATOMICC_R);
            CHECK(in_solo());     /* solo resumed */
            CHECK(table_idle());
        }
        CHECK(counter == expect);
    }
}

int main(void)
{
    test_bank_fill(bank_a, NA, INIT);
    test_bank_fill(bank_b, NB, INIT);
    one_thread();
    join_while_inside();
    come_and_go();
    test_bank_check(bank_a, NA, INIT);
    test_bank_check(bank_b, NB, INIT);
    CHECK(__atomic_load_n(&audits_bad, __ATOMIC_RELAXED) == 0);
    CHECK(table_idle());
    printf("ok\n");
    return 0;
}
