/* (global solo mode) While one thread is registered with the runtime (one
 * registry for the `global` and `pervar` strategies: atomicc__pv_solo), its
 * outermost global blocks do not touch the lock word: they raise
 * atomicc__pv_solo.busy instead.  Checked here:
 *   1. one thread: the first global block registers the thread (for pervar
 *      too), runs solo with the lock word untouched, nested blocks keep the
 *      depth and solo mode; a pervar block nested in a solo global block
 *      (and the reverse) keeps busy raised until the outermost block ends;
 *   2. a second thread registering while the first is inside a solo global
 *      block waits until that block ends;
 *   3. threads join and leave while the first keeps running blocks: a bank
 *      under `global` (conserved sum, audited inside blocks), a bank under
 *      `pervar` (the other component) and a counter incremented by
 *      read-modify-write under `global` keep their invariants; after the
 *      others exit, solo mode resumes;
 *   4. retry in solo mode (direct, and from a nested block through the
 *      outermost block's restart point) undoes its stores, leaves solo mode
 *      while it sleeps, and is woken by a thread started after it began
 *      waiting; it re-enters with the lock while that thread is registered.
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

static unsigned lock_word(void)
{
    return __atomic_load_n(&atomicc__glock.word, __ATOMIC_SEQ_CST);
}

static void spin_a_little(unsigned n)
{
    for (volatile unsigned i = 0; i < n; i++)
        ;
}

/* ---- the data ------------------------------------------------------------- */

#define NG 16                  /* bank G: global blocks */
#define NP 16                  /* bank P: pervar blocks (another component) */
#define INIT 1000

static long bank_g[NG];
static long bank_p[NP];
static long counter;           /* global blocks, read-modify-write */
static long audits_bad;

static void transfer_g(unsigned from, unsigned to, long amount)
{
    atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter();
    {
        if (bank_g[from] >= amount) {
            bank_g[from] -= amount;
            spin_a_little(8);
            bank_g[to] += amount;
        }
    }
}

static void audit_g(void)
{
    atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter();
    {
        long s = 0;
        for (unsigned i = 0; i < NG; i++)
            s += bank_g[i];
        if (s != (long)NG * INIT)
            __atomic_fetch_add(&audits_bad, 1, __ATOMIC_RELAXED); /* also written by audit_p */
    }
}

static void bump(void)
{
    atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter();
    {
        long v = counter;
        spin_a_little(16);
        counter = v + 1;
    }
}

/* A nested global block (depth 2), calling bump() (depth 3). */
static int inner_depth_ok;
static void nested_bump(void)
{
    atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter();
    {
        inner_depth_ok += __atomicc_g1.depth == 2 && atomicc__gthread.depth == 2;
        counter++;
        bump();
    }
}

static void transfer_p(unsigned from, unsigned to, long amount)
{
    atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
    atomicc_pv_enter2(&pv, (const void *)&bank_p[from], ATOMICC_W, (const void *)&bank_p[to], ATOMICC_W);
    {
        if (bank_p[from] >= amount) {
            bank_p[from] -= amount;
            bank_p[to] += amount;
        }
    }
}

static void audit_p(void)
{
    atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
    atomicc_pv_init(&pv);
    for (unsigned i = 0; i < NP; i++)
        atomicc_pv_addr(&pv, (const void *)&bank_p[i], ATOMICC_R);
    atomicc_pv_enter(&pv);
    {
        long s = 0;
        for (unsigned i = 0; i < NP; i++)
            s += bank_p[i];
        if (s != (long)NP * INIT)
            __atomic_fetch_add(&audits_bad, 1, __ATOMIC_RELAXED); /* shared read locks */
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

/* Mixed work; returns the number of bump()s done. */
static long work(uint64_t *rng, long rounds)
{
    long bumps = 0;
    for (long i = 0; i < rounds; i++) {
        uint64_t r = rng_next(rng);
        unsigned g1 = (unsigned)(r % NG), g2 = (unsigned)((r >> 8) % NG);
        unsigned p1 = (unsigned)((r >> 16) % NP), p2 = (unsigned)((r >> 24) % NP);
        long amt = 1 + (long)((r >> 32) % 300);
        switch ((r >> 40) % 8) {
        case 0:
            audit_g();
            break;
        case 1:
            audit_p();
            break;
        case 2:
        case 3:
            bump();
            bumps++;
            break;
        case 4:
        case 5:
            if (g1 != g2)
                transfer_g(g1, g2, amt);
            break;
        default:
            if (p1 != p2)
                transfer_p(p1, p2, amt);
            break;
        }
    }
    return bumps;
}

/* ---- part 1: one thread ---------------------------------------------------- */

static void one_thread(void)
{
    CHECK(atomicc__gthread.depth == ATOMICC__G_UNREG);
    CHECK(atomicc__pv_self.depth == ATOMICC__PV_UNREG);
    CHECK(registered() == 0);
    {
        atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter();
        /* the first block registered the thread, for both strategies */
        CHECK(registered() == 1);
        CHECK(atomicc__pv_self.depth == 0);
        CHECK(atomicc__gthread.depth == 1 && __atomicc_g1.depth == 1);
        CHECK(in_solo() && lock_word() == 0);
    }
    CHECK(!in_solo() && lock_word() == 0);
    CHECK(atomicc__gthread.depth == 0);
    {
        atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter();
        CHECK(in_solo() && lock_word() == 0);
        nested_bump();
        CHECK(atomicc__gthread.depth == 1);
        CHECK(in_solo() && lock_word() == 0);
        /* a pervar block inside a solo global block: busy stays raised */
        transfer_p(0, 1, 5);
        CHECK(in_solo() && lock_word() == 0);
        CHECK(atomicc__pv_self.depth == 0);
        audit_p();
        CHECK(in_solo());
    }
    CHECK(!in_solo());
    CHECK(inner_depth_ok == 1 && counter == 2);
    CHECK(registered() == 1);
    {
        /* a global block inside a solo pervar block: busy stays raised */
        atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
        atomicc_pv_enter1(&pv, (const void *)&bank_p[2], ATOMICC_W);
        CHECK(in_solo());
        bump();
        CHECK(in_solo() && atomicc__gthread.depth == 0);
        bank_p[2] += 0;
    }
    CHECK(!in_solo() && lock_word() == 0);
    uint64_t rng = 4242;
    long b = work(&rng, 20000 / TEST_SCALE);
    CHECK(counter == 3 + b);
    CHECK(!in_solo() && lock_word() == 0);
}

/* ---- part 2: a thread registers while the first is inside a block --------- */

static atomic_int b_arrived;
static int b_entered;          /* written in B's first block */

static void *joiner(void *arg)
{
    (void)arg;
    atomic_store(&b_arrived, 1);
    atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter();
    {
        CHECK(!in_solo() && lock_word() == 1);
        b_entered = 1;
    }
    return NULL;
}

static void join_while_inside(void)
{
    pthread_t t;
    {
        atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter();
        CHECK(in_solo());
        t = test_spawn(joiner, NULL);
        /* the joiner registers (count 2), then waits for this block */
        double t0 = test_now();
        while (registered() != 2 && test_now() - t0 < 3.0)
            test_sleep_ms(1);
        CHECK(registered() == 2);
        test_sleep_ms(20);
        CHECK(b_entered == 0);
        CHECK(in_solo() && lock_word() == 0);
        counter++;
    }
    pthread_join(t, NULL);
    CHECK(b_entered == 1);
    CHECK(registered() == 1);   /* the joiner exited */
    {
        atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter();
        CHECK(in_solo() && lock_word() == 0);
        counter++;
    }
}

/* ---- part 3: threads come and go ------------------------------------------ */

#define HELPERS 3

struct helper {
    uint64_t rng;
    long rounds;
    long bumps;
};

static void *helper_main(void *arg)
{
    struct helper *h = arg;
    h->bumps = work(&h->rng, h->rounds);
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
        expect += work(&rng, 40000 / TEST_SCALE);
        for (int i = 0; i < nh; i++) {
            pthread_join(t[i], NULL);
            expect += h[i].bumps;
        }
        CHECK(registered() == 1);
        {
            atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) =
                atomicc_global_enter();
            CHECK(in_solo() && lock_word() == 0);   /* solo resumed */
            CHECK(counter == expect);
        }
    }
}

/* ---- part 4: retry in solo mode ------------------------------------------- */

static int flag;               /* set by the waker's block */
static int marker;             /* logged stores, undone by the retry */
static long attempts;          /* not logged: survives restarts */
static int solo_at_retry;      /* solo mode was on when the block retried */
static atomic_int waker_go;    /* the waker starts its block */
static atomic_int waker_may_exit;

static void *waker(void *arg)
{
    (void)arg;
    while (!atomic_load(&waker_go))
        test_sleep_ms(1);
    test_sleep_ms(10);  /* let the waiter go to sleep */
    {
        atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter();
        CHECK(!in_solo());  /* two registered threads */
        flag = 1;
    }
    while (!atomic_load(&waker_may_exit))
        test_sleep_ms(1);
    return NULL;
}

/* atomic { marker++; if (!flag) retry; flag = 0; }  in solo mode */
static void direct_retry(void)
{
    flag = 0;
    attempts = 0;
    atomic_store(&waker_go, 0);
    atomic_store(&waker_may_exit, 0);
    /* the waker exists but registers only at its first block, after the
     * waiter has gone to sleep */
    pthread_t t = test_spawn(waker, NULL);
    CHECK(registered() == 1);
    {
        atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter();
    __atomicc_restart_1:;
        {
            attempts++;
            CHECK(marker == 0);
            if (attempts == 1) {
                solo_at_retry = in_solo() && lock_word() == 0 && registered() == 1;
                atomic_store(&waker_go, 1);
            } else {
                /* woken while the waker is still registered: the lock */
                CHECK(!in_solo() && lock_word() == 1 && registered() == 2);
            }
            *ATOMICC_LOGW(&(marker)) = marker + 1;
            if (!flag) {
                atomicc_global_retry(&__atomicc_g1);
                goto __atomicc_restart_1;
            }
            *ATOMICC_LOGW(&(flag)) = 0;
            *ATOMICC_LOGW(&(marker)) = 0;
        }
    }
    CHECK(solo_at_retry);
    CHECK(attempts >= 2 && flag == 0 && marker == 0);
    atomic_store(&waker_may_exit, 1);
    pthread_join(t, NULL);
    CHECK(registered() == 1);
    CHECK(atomicc__glock.waiters == 0);
}

/* The nested version: the retry is in a block (depth 2) called from the
 * outermost one, which restarts through its restart point. */
static void take_flag_or_retry(void)
{
    atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter();
__atomicc_restart_1:;
    if (__builtin_setjmp(*atomicc_global_jmpbuf(&__atomicc_g1))) {
        CHECK(0); /* restarts go to the outermost block */
    }
    {
        CHECK(__atomicc_g1.depth == 2);
        if (!flag) {
            atomicc_global_retry(&__atomicc_g1);
            goto __atomicc_restart_1;
        }
        *ATOMICC_LOGW(&(flag)) = 0;
    }
}

static void *quick_waker(void *arg)
{
    (void)arg;
    while (!atomic_load(&waker_go))
        test_sleep_ms(1);
    test_sleep_ms(10);
    atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter();
    flag = 1;
    return NULL; /* exits right away: the waiter may be solo again */
}

static void nested_retry(void)
{
    flag = 0;
    attempts = 0;
    atomic_store(&waker_go, 0);
    pthread_t t = test_spawn(quick_waker, NULL);
    static long restarts;
    restarts = 0;
    {
        atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter();
    __atomicc_restart_1: __attribute__((unused));
        if (__builtin_setjmp(*atomicc_global_jmpbuf(&__atomicc_g1))) {
            restarts++;
            CHECK(__atomicc_g1.depth == 1 && atomicc__gthread.depth == 1);
        }
        {
            attempts++;
            CHECK(marker == 0);   /* undone by the restart */
            /* solo or the lock, never both, never neither */
            CHECK(in_solo() == (lock_word() == 0));
            if (attempts == 1) {
                CHECK(in_solo());
                atomic_store(&waker_go, 1);
            }
            *ATOMICC_LOGW(&(marker)) = 7;
            take_flag_or_retry();
            *ATOMICC_LOGW(&(marker)) = 0;
        }
    }
    pthread_join(t, NULL);
    CHECK(restarts >= 1 && attempts == restarts + 1);
    CHECK(flag == 0 && marker == 0);
    CHECK(registered() == 1 && !in_solo() && lock_word() == 0);
    {
        atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter();
        CHECK(in_solo() && lock_word() == 0);
    }
}

int main(void)
{
    test_bank_fill(bank_g, NG, INIT);
    test_bank_fill(bank_p, NP, INIT);
    one_thread();
    join_while_inside();
    come_and_go();
    direct_retry();
    nested_retry();
    test_bank_check(bank_g, NG, INIT);
    test_bank_check(bank_p, NP, INIT);
    CHECK(__atomic_load_n(&audits_bad, __ATOMIC_RELAXED) == 0);
    CHECK(!in_solo() && lock_word() == 0);
    printf("ok\n");
    return 0;
}
