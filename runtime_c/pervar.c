/* pervar.c - strategy `pervar`: per-location hierarchical locks taken at
 * block entry in one global order (see atomicc_pv.h for the contract).
 *
 * Lock word (32 bits, one per 64-byte line):
 *   bit 31      X held
 *   bits 20-30  S holders
 *   bits 10-19  IX holders (object stripes only; see "class locks" below)
 *   bits 0-9    IS holders (object stripes only)
 * Compatibility: IS with IS/IX/S; IX with IS/IX; S with IS/S; X with none.
 * A request that cannot be granted spins a bounded number of rounds, then
 * registers as a waiter on the line and parks on the word (futex); releases
 * wake parked threads only when the line has waiters.
 *
 * Single-thread fast path ("solo").  Threads register with this runtime at
 * their first pervar or global block (atomicc__pv_self.depth starts with the
 * UNREG bit, atomicc__gthread.depth with ATOMICC__G_UNREG, which send that
 * block out of line, to register_thread() here, which clears both) and
 * deregister in a pthread key destructor when they exit (which sets both).
 * The registry is shared with the `global` strategy (global_lock.c), whose
 * solo blocks use the same protocol on the same busy flag, so the argument
 * below holds for blocks of both.  atomicc__pv_solo.n counts the registered
 * threads up to 2 (0, 1 or "more than one": the exact count is kept apart,
 * see register_thread()).  While it is 1, the registered thread's outermost blocks take no
 * lock at all:
 *
 *   solo block:  if busy != 0: take the locks (an enclosing solo block of
 *                the other strategy, in this thread, holds busy);
 *                busy = 1 (plain store);  compiler barrier;
 *                if (load-acquire n == 1) run the block, then
 *                busy = 0 (release store)
 *                else busy = 0 (release) and take the locks as usual
 *   registrant:  n += 1 (seq_cst RMW);  membarrier(PRIVATE_EXPEDITED);
 *                wait until load-acquire busy == 0;  then take locks as usual
 *
 * Why no block of the registrant overlaps a solo block (Dekker): both sides
 * store, then load the other side's variable.  membarrier() returns only
 * after every CPU running one of our threads has executed a full barrier at
 * some point during the call.  If the solo thread's barrier point comes after
 * its load of n, its store of busy (before that load) is visible to the
 * registrant's load of busy, which runs after membarrier returns: the
 * registrant waits.  If it comes before the load, the load runs after the
 * registrant's increment was globally visible (it is a locked RMW that
 * precedes the call): the solo thread sees n != 1 and takes locks.  Either
 * way, once a registrant has seen busy == 0, every later block of the solo
 * thread sees n >= 2.  The registrant's acquire load of busy == 0 reads the
 * solo thread's release store (or a later one), so the solo block's memory
 * accesses happen before the registrant's (also for ThreadSanitizer).  The
 * other direction: a thread's last block releases its locks before its exit
 * decrement of n (seq_cst RMW), and a solo block begins with an acquire load
 * of n that reads that decrement, so the exited thread's blocks happen
 * before the solo block.  A solo thread holds no lock word, so locks taken
 * by the registrant never conflict with it, and no lock word is held while
 * n == 1 (only registered threads take locks, and a thread holds none
 * outside its blocks).  Retry waiters: a thread waits in retry only while
 * registered, and a thread can only register once no solo block runs, so a
 * solo block never has a retry waiter to wake at commit (the `global`
 * strategy checks anyway, as every commit does).
 *
 * Without membarrier (ATOMICC_NO_MEMBARRIER, a kernel without it, or a
 * failure to register for it) the store-load order must come from the solo
 * side: n has its top bit (ATOMICC__PV_NO_INLINE_SOLO) set, so the inlined
 * test `n == 1` never succeeds (the inline code calls
 * atomicc__pv_solo_begin_ool when n == 1 | that bit), and solo_begin() here
 * raises busy with a locked exchange (a full fence; the registrant's
 * increment is the other one).
 * Under ThreadSanitizer the inline path itself uses the locked exchange
 * (TSan does not know membarrier; all the happens-before edges above come
 * from acquire/release pairs it does model).
 *
 * A solo block delays every new thread's first pervar or global block until
 * it ends, so a solo block must never wait for another thread's block (under
 * the lock of the `global` strategy that would deadlock too).  The registrant waits by
 * spinning briefly, then yielding, then sleeping in 100 us futex waits on
 * busy (the solo side never issues a wake: its leave stays one store).
 *
 * retry: like the global strategy, a commit sequence number bumped by
 * committing blocks while some thread waits; a waiter sleeps on it.  A solo
 * block that retries undoes its stores, counts itself as a waiter, leaves
 * solo mode (clears busy, so a new thread can register and commit) and
 * waits like any other; when woken it enters again as an outermost block
 * does: solo if it is again the only registered thread, else with locks.
 *
 * Measured (2-core Xeon VM shared with other jobs, gcc 12 -O2,
 * bench/native.py --only bank: 1,024 accounts, atomicc_pv_enter2 blocks;
 * callgrind counts are exact, throughputs are medians):
 *   instructions per transfer at 1 thread: 67.0 in solo mode (47.3 with no
 *     synchronisation; `global` 83.3), was 123.3 with a CAS per lock (70.0
 *     since the registry is shared with `global`: the busy test for a
 *     block nested in a solo block of the other strategy; `global` in solo
 *     mode 86.3, 136 -> 170 M transfers/s); in
 *     lock mode (another thread registered) 121.2, was 123.3
 *   1 thread: 208 M transfers/s, 1.53x `global` (136 M/s), was 41 M/s
 *     (0.31x).  The solo path alone gave 107 M/s (9.4 ns per transfer);
 *     the rest comes from not evaluating the keys in solo mode (the macros
 *     in atomicc_pv.h): with them evaluated, GCC's PRE keeps two copies of
 *     `to` and turns the benchmark's `if (to >= from) to++` into a branch
 *     mispredicted half of the time (4.8 ns per transfer without it)
 *   2 threads: 37.3 M/s (`global` 26.0 M/s), was 35.4 M/s; A/B against the
 *     previous runtime on the same binary, 15 interleaved runs: 43.0 vs
 *     39.7 M/s at 2 threads, 39.4 vs 35.5 M/s at 8 threads
 */
#define ATOMICC__BUILDING_RUNTIME 1
#include "atomicc_rt.h"
#include "atomicc_internal.h"

#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__) && !defined(ATOMICC_NO_MEMBARRIER)
#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <unistd.h>
#if defined(SYS_membarrier)
#define HAVE_MEMBARRIER 1
#endif
#endif

#ifndef ATOMICC_PV_SPIN
#define ATOMICC_PV_SPIN 128
#endif

#define XBIT 0x80000000u
#define S_ONE (1u << 20)
#define IX_ONE (1u << 10)
#define IS_ONE 1u
#define S_MASK (0x7ffu << 20)
#define IX_MASK (0x3ffu << 10)

#define pv_lock atomicc__pv_lock
struct atomicc__pv_lock atomicc__pv_table[ATOMICC_PV_CLASSES + ATOMICC_PV_STRIPES];
#define table atomicc__pv_table

/* The retry waiters count is read by every committing block (inlined), the
 * sequence number only when someone waits: separate lines. */
unsigned atomicc__pv_retry_waiters __attribute__((aligned(ATOMICC_CACHE_LINE)));
static struct {
    unsigned seq;
    unsigned sleeping;  /* retry waiters that may sleep on seq (see the global lock) */
} pv_commit __attribute__((aligned(ATOMICC_CACHE_LINE)));

struct atomicc__pv_solo atomicc__pv_solo;
#define solo atomicc__pv_solo

__thread struct atomicc__pv_thread atomicc__pv_self = { ATOMICC__PV_UNREG, 0, NULL };

/* The restart points (only the runtime touches them). */
struct pv_tls {
    atomicc_jmpbuf_t restart;
    atomicc_jmpbuf_t scratch;
};
static __thread struct pv_tls tl;

static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static pthread_key_t g_key;
static int g_key_ok;
static int g_membarrier_ok;
/* The thread registry: how many threads are registered (solo.n's count
 * follows min(g_reg.n, 2): see register_thread()). */
static struct {
    unsigned n;
    char pad[ATOMICC_CACHE_LINE - sizeof(unsigned)]; /* the whole line: nothing else moves with it */
} __attribute__((aligned(ATOMICC_CACHE_LINE))) g_reg;
#define ATOMICC__PV_COUNT 0x3fffffffu /* solo.n without its flag bits */
static unsigned g_bias;    /* ATOMICC__PV_NO_INLINE_SOLO or 0: or-ed into solo.n */

/* Per mode (index = ATOMICC_IS .. ATOMICC_X): what a holder adds to the
 * word, and the bits that must be clear for the request to be granted.
 * (The inline fast path's atomicc__pv_mode_block also has the top bit of
 * the mode's own holder count: from half full on, requests come here.) */
#define mode_inc atomicc__pv_mode_inc
static const unsigned mode_block[5] = { 0, XBIT, XBIT | S_MASK, XBIT | IX_MASK, ~0u };
/* The holder count of each shared mode, all ones: one more would carry. */
static const unsigned mode_full[5] = { 0, 0x3ffu, IX_MASK, S_MASK, 0 };

static inline unsigned inc_of(unsigned mode)
{
    return mode_inc[mode];
}

static inline int compatible(unsigned w, unsigned mode)
{
    return (w & mode_block[mode]) == 0;
}

static __attribute__((noreturn, cold)) void die(const char *msg)
{
    fputs(msg, stderr);
    fflush(stderr);
    abort();
}

/* A grantable request whose mode's holder count is full (1023 IS or IX
 * holders, 2047 S holders of one lock word): saturate and abort rather
 * than let the count carry into the next field. */
static __attribute__((noreturn, cold, noinline)) void die_full(const struct pv_lock *l, unsigned mode)
{
    static const char *const names[5] = { "?", "IS", "IX", "S", "X" };
    unsigned i = (unsigned)(l - table);
    char msg[256];
    if (i < ATOMICC_PV_CLASSES)
        snprintf(msg, sizeof msg,
                 "atomicc: more than %u threads hold the lock of alias class slot %u in %s mode at once "
                 "(its holder count would overflow)\n",
                 mode_full[mode] / mode_inc[mode], i, names[mode]);
    else
        snprintf(msg, sizeof msg,
                 "atomicc: more than %u threads hold object lock stripe %u in %s mode at once "
                 "(its holder count would overflow)\n",
                 mode_full[mode] / mode_inc[mode], i - ATOMICC_PV_CLASSES, names[mode]);
    die(msg);
}

void atomicc__pv_too_many(const char *file, unsigned line)
{
    char msg[512];
    if (file)
        snprintf(msg, sizeof msg, "atomicc: an atomic block needs more than %u lock requests (at %s:%u)\n",
                 (unsigned)ATOMICC_PV_MAX, file, line);
    else
        snprintf(msg, sizeof msg, "atomicc: an atomic block needs more than %u lock requests\n",
                 (unsigned)ATOMICC_PV_MAX);
    die(msg);
}

/* ---- the locks ------------------------------------------------------------ */

static inline int is_class(const struct pv_lock *l)
{
    return l < table + ATOMICC_PV_CLASSES;
}

static inline int try_acquire(struct pv_lock *l, unsigned mode)
{
    unsigned w = __atomic_load_n(&l->word, __ATOMIC_RELAXED);
    while (compatible(w, mode)) {
        if (__builtin_expect((w & mode_full[mode]) == mode_full[mode] && mode_full[mode], 0))
            die_full(l, mode);
        if (__atomic_compare_exchange_n(&l->word, &w, w + inc_of(mode), 1, __ATOMIC_ACQUIRE,
                                        __ATOMIC_RELAXED))
            return 1;
    }
    return 0;
}

static const char *lock_what(const struct pv_lock *l);

static inline void acquire_wait(struct pv_lock *l, unsigned mode, const char *where)
{
    for (int i = 0; i < ATOMICC_PV_SPIN; i++) {
        atomicc__cpu_relax();
        if (try_acquire(l, mode))
            return;
    }
    struct atomicc__wd wd;
    atomicc__wd_begin(&wd, where, "pervar", lock_what(l));
    for (;;) {
        __atomic_fetch_add(&l->waiters, 1, __ATOMIC_SEQ_CST);
        /* An exclusive object holder releases with a plain store (with
         * membarrier: atomicc__pv_drop): the fence makes its store visible
         * to the load below, or our count visible to its read of waiters. */
        int fenced = !solo.asym || is_class(l) || atomicc__park_fence();
        unsigned w = __atomic_load_n(&l->word, __ATOMIC_SEQ_CST);
        if (!compatible(w, mode)) {
            if (fenced) {
                atomicc__wd_park(&wd, &l->word, w);
            } else {
                atomicc__park_timed(&l->word, w, 1000000); /* a release may miss us: nap */
                atomicc__wd_poll(&wd);
            }
        }
        __atomic_fetch_sub(&l->waiters, 1, __ATOMIC_RELAXED);
        if (try_acquire(l, mode))
            return;
    }
}

static __attribute__((noinline)) void acquire_slow(struct pv_lock *l, unsigned mode, const char *where)
{
    atomicc__wait_t t0 = atomicc__wait_start();
    acquire_wait(l, mode, where);
    atomicc__wait_done(&l->word, t0);
}

/* Releases an object stripe (atomicc__pv_drop: a plain store for an
 * exclusive holder with membarrier) or a class word's S or X (a locked
 * subtraction, a full barrier: a waiter that registered before parking is
 * seen here, or sees the new word before it parks). */
static inline void release_inc(struct pv_lock *l, unsigned inc)
{
    if (!is_class(l)) {
        atomicc__pv_drop(l, inc);
        return;
    }
    __atomic_fetch_sub(&l->word, inc, __ATOMIC_SEQ_CST);
    if (__builtin_expect(__atomic_load_n(&l->waiters, __ATOMIC_SEQ_CST) != 0, 0))
        atomicc__unpark(&l->word, -1);
}

/* ---- class locks: distributed intention locks ------------------------------
 *
 * Every block that locks objects of an alias class also takes the class's
 * lock in an intention mode (IS or IX), so a shared word would be written by
 * every such block: at many CPUs they would all queue for its cache line.
 * Instead each registered thread owns an indicator record (one 64-byte line:
 * a bit per class slot for IS, one for IX) and announces an intention there;
 * the class's lock word then carries only the S holder count and the X bit,
 * which every intention request reads (a line that stays shared in every
 * cache while no S or X request comes).
 *
 *   intention (IS / IX) on class c, thread T:
 *       set T's bit (seq_cst RMW on T's own line);  read c's word (seq_cst);
 *       granted unless it has X (IS) or X or S holders (IX); otherwise clear
 *       the bit again (waking an S/X side waiting for it, below), wait until
 *       the word is compatible (spin, then park on it) and start over
 *   release: clear the bit (seq_cst RMW);  if c's `xwait` is non-zero, bump
 *       c's gate and wake its sleepers
 *   S / X on class c: raise the word as for any lock (S count + 1 when there
 *       is no X; X when there is neither S nor X), then scan every indicator
 *       record and wait until no thread has an IX bit for c (S) or an IS or
 *       IX bit (X): spin briefly, then read the gate, xwait += 1, re-check
 *       the bit and sleep on the gate (the releasing thread's RMW and the
 *       sleeper's xwait increment are both seq_cst, so it sees xwait or we
 *       see the bit clear: no lost wakeup)
 *
 * Exclusion: the announcement and the scan are Dekker's protocol (both sides
 * write, then read the other side's variable, all seq_cst): a thread whose
 * bit the scan missed set it after the announcement was ordered, so its read
 * of the word sees S or X and it retracts.  Records are never freed or
 * unlinked (an exiting thread marks its record free for the next one, with
 * every bit clear), and a thread gets its record (pushing a new one, with
 * a seq_cst CAS) at its first intention, before it sets a bit, so a scan
 * that starts after the announcement sees every record an intention could
 * be announced in.  (Threads that never take a class lock never push one:
 * at start-up a crowd of them would otherwise queue on the list head.)
 * Fairness: once S or X is announced, new intentions that conflict retract
 * and wait, so the whole-class side waits only for the blocks already
 * inside (it cannot starve); those hold c and wait only for locks after c in
 * the global order, while the S/X side holds only locks before c: no
 * deadlock, as with the counted word.
 * One thread holds at most one intention per class (the requests of a block
 * are merged per lock and a nested block joins the outermost one), so a bit
 * suffices and the number of intention holders has no limit.  Object
 * stripes (R = S, W = X) keep the counted word. */

struct pv_ind {
    uint64_t bits[8];                /* [0..3]: IS, [4..7]: IX; bit c%64 of word c/64 */
    struct pv_ind *next;             /* all records ever made (never unlinked) */
    unsigned used;                   /* a registered thread owns it */
} __attribute__((aligned(ATOMICC_CACHE_LINE)));

/* The list head and the number of records marked free, on a line of their
 * own: a crowd of threads starting up pushes records here, and that must
 * not bounce a line that every block reads (g_bias shared this one: at 64
 * simulated vCPUs the startup then cost 3.5 % of bank-1024's cycles). */
static struct {
    struct pv_ind *head;
    unsigned nfree;     /* records an exited thread gave back (a hint) */
    char pad[ATOMICC_CACHE_LINE - sizeof(struct pv_ind *) - sizeof(unsigned)];
} g_ind __attribute__((aligned(ATOMICC_CACHE_LINE)));
static __thread struct pv_ind *tl_ind;

/* A record for a registering thread: a free one, else a new one.  The walk
 * over the records (each on its own line) runs only when some were given
 * back: a record freed during the walk may be missed, which costs a record,
 * not correctness. */
static struct pv_ind *ind_get(void)
{
    if (__atomic_load_n(&g_ind.nfree, __ATOMIC_RELAXED) != 0) {
        for (struct pv_ind *r = __atomic_load_n(&g_ind.head, __ATOMIC_ACQUIRE); r; r = r->next) {
            unsigned z = 0;
            if (!__atomic_load_n(&r->used, __ATOMIC_RELAXED) &&
                __atomic_compare_exchange_n(&r->used, &z, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
                __atomic_fetch_sub(&g_ind.nfree, 1, __ATOMIC_RELAXED);
                return r;
            }
        }
    }
    struct pv_ind *r = aligned_alloc(ATOMICC_CACHE_LINE, sizeof *r);
    if (!r)
        die("atomicc: out of memory in the pervar runtime\n");
    memset(r, 0, sizeof *r);
    r->used = 1;
    struct pv_ind *h = __atomic_load_n(&g_ind.head, __ATOMIC_RELAXED);
    do
        r->next = h;
    while (!__atomic_compare_exchange_n(&g_ind.head, &h, r, 1, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
    return r;
}

/* What a waiter for lock l waits for (the watchdog's words). */
static const char *lock_what(const struct pv_lock *l)
{
    return is_class(l) ? "an alias class's lock word, held by other threads' blocks"
                       : "an object's lock word, held by another thread's block";
}

/* The indicator word and bit of an intention on class lock l. */
static inline uint64_t *ind_word(struct pv_ind *r, const struct pv_lock *l, unsigned mode)
{
    unsigned c = (unsigned)(l - table);
    return &r->bits[(mode == ATOMICC_IX ? 4 : 0) + (c >> 6)];
}

static inline uint64_t ind_bit(const struct pv_lock *l)
{
    return (uint64_t)1 << ((unsigned)(l - table) & 63);
}

static void intent_release(struct pv_lock *l, unsigned mode)
{
    __atomic_fetch_and(ind_word(tl_ind, l, mode), ~ind_bit(l), __ATOMIC_SEQ_CST);
    if (__builtin_expect(__atomic_load_n(&l->xwait, __ATOMIC_SEQ_CST) != 0, 0)) {
        __atomic_fetch_add(&l->gate, 1, __ATOMIC_SEQ_CST);
        atomicc__unpark(&l->gate, -1);
    }
}

static __attribute__((noinline)) void intent_acquire(struct pv_lock *l, unsigned mode, const char *where)
{
    if (__builtin_expect(!tl_ind, 0))
        tl_ind = ind_get();   /* the thread's first intention: before its bit is set */
    uint64_t *w = ind_word(tl_ind, l, mode), bit = ind_bit(l);
    unsigned block = mode == ATOMICC_IS ? XBIT : XBIT | S_MASK;
    struct atomicc__wd wd;
    wd.deadline = 0;
    int started = 0;
    for (;;) {
        __atomic_fetch_or(w, bit, __ATOMIC_SEQ_CST);
        if (__builtin_expect(!(__atomic_load_n(&l->word, __ATOMIC_SEQ_CST) & block), 1))
            return;
        intent_release(l, mode); /* S or X announced: retract, let it in */
        if (!started) {
            started = 1;
            atomicc__wd_begin(&wd, where, "pervar",
                              "an alias class held whole (S or X) by another thread's block");
        }
        int spins = ATOMICC_PV_SPIN;
        for (;;) {
            unsigned v = __atomic_load_n(&l->word, __ATOMIC_SEQ_CST);
            if (!(v & block))
                break;
            if (spins > 0) {
                spins--;
                atomicc__cpu_relax();
                continue;
            }
            __atomic_fetch_add(&l->waiters, 1, __ATOMIC_SEQ_CST);
            v = __atomic_load_n(&l->word, __ATOMIC_SEQ_CST);
            if (v & block)
                atomicc__wd_park(&wd, &l->word, v);
            __atomic_fetch_sub(&l->waiters, 1, __ATOMIC_RELAXED);
        }
    }
}

/* After S or X on class lock l is announced in its word: waits until no
 * other thread holds a conflicting intention (IX for S; IS or IX for X). */
static __attribute__((noinline)) void drain_intentions(struct pv_lock *l, unsigned mode, const char *where)
{
    unsigned c = (unsigned)(l - table);
    uint64_t bit = ind_bit(l);
    struct atomicc__wd wd;
    wd.deadline = 0;
    int started = 0;
    for (struct pv_ind *r = __atomic_load_n(&g_ind.head, __ATOMIC_SEQ_CST); r; r = r->next) {
        uint64_t *ix = &r->bits[4 + (c >> 6)], *is = &r->bits[c >> 6];
        int spins = ATOMICC_PV_SPIN;
        for (;;) {
            uint64_t v = __atomic_load_n(ix, __ATOMIC_SEQ_CST);
            if (mode == ATOMICC_X)
                v |= __atomic_load_n(is, __ATOMIC_SEQ_CST);
            if (!(v & bit))
                break;
            if (spins > 0) {
                spins--;
                atomicc__cpu_relax();
                continue;
            }
            if (!started) {
                started = 1;
                atomicc__wd_begin(&wd, where, "pervar",
                                  "other threads' blocks that lock objects of the alias class to leave");
            }
            unsigned g = __atomic_load_n(&l->gate, __ATOMIC_SEQ_CST);
            __atomic_fetch_add(&l->xwait, 1, __ATOMIC_SEQ_CST);
            v = __atomic_load_n(ix, __ATOMIC_SEQ_CST);
            if (mode == ATOMICC_X)
                v |= __atomic_load_n(is, __ATOMIC_SEQ_CST);
            if (v & bit)
                atomicc__wd_park(&wd, &l->gate, g);
            __atomic_fetch_sub(&l->xwait, 1, __ATOMIC_SEQ_CST);
        }
    }
}

unsigned atomicc__pv_class_intents(unsigned slot, unsigned mode)
{
    const struct pv_lock *l = &table[slot % ATOMICC_PV_CLASSES];
    unsigned n = 0;
    for (struct pv_ind *r = __atomic_load_n(&g_ind.head, __ATOMIC_SEQ_CST); r; r = r->next)
        n += (__atomic_load_n(ind_word(r, l, mode), __ATOMIC_SEQ_CST) & ind_bit(l)) != 0;
    return n;
}

static inline void acquire(struct pv_lock *l, unsigned mode, const char *where)
{
    if (is_class(l)) {
        if (mode <= ATOMICC_IX) {
            intent_acquire(l, mode, where);
            return;
        }
        if (__builtin_expect(!try_acquire(l, mode), 0))
            acquire_slow(l, mode, where);
        drain_intentions(l, mode, where);
        return;
    }
    /* The first try expects a free word (one transfer for ownership where
     * a load and a CAS would be two, as in atomicc__pv_try): the inline try
     * that sent us here failed a while ago, and a holder is often gone. */
    unsigned w = 0;
    if (__atomic_compare_exchange_n(&l->word, &w, inc_of(mode), 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        return;
    if (__builtin_expect(!try_acquire(l, mode), 0))
        acquire_slow(l, mode, where);
}

static inline void release(struct pv_lock *l, unsigned mode)
{
    if (is_class(l) && mode <= ATOMICC_IX)
        intent_release(l, mode);
    else
        release_inc(l, inc_of(mode));
}

static inline unsigned combine(unsigned a, unsigned b)
{
    if (a == b)
        return a;
    if (a == ATOMICC_X || b == ATOMICC_X)
        return ATOMICC_X;
    if ((a == ATOMICC_IX && b == ATOMICC_S) || (a == ATOMICC_S && b == ATOMICC_IX))
        return ATOMICC_X;
    return a > b ? a : b; /* IS < IX, IS < S */
}

/* Sort by table index (insertion sort: a block has a handful of requests)
 * and merge requests for the same lock into the strongest mode.  Applying it
 * to its own result changes nothing. */
static inline void normalize(atomicc_pv_t *pv)
{
    uint32_t *e = pv->ent;
    unsigned n = pv->n;
    if (n == 2) {                        /* the common case (a transfer): no loop */
        uint32_t a = e[0], b = e[1];
        if ((a >> 3) == (b >> 3)) {
            e[0] = (a & ~7u) | combine(a & 7u, b & 7u);
            pv->n = 1;
        } else if (a > b) {
            e[0] = b;
            e[1] = a;
        }
        return;
    }
    for (unsigned i = 1; i < n; i++) {
        uint32_t v = e[i];
        unsigned j = i;
        while (j > 0 && e[j - 1] > v) {
            e[j] = e[j - 1];
            j--;
        }
        e[j] = v;
    }
    unsigned out = 0;
    for (unsigned i = 0; i < n; i++) {
        if (out > 0 && (e[out - 1] >> 3) == (e[i] >> 3))
            e[out - 1] = (e[i] & ~7u) | combine(e[out - 1] & 7u, e[i] & 7u);
        else
            e[out++] = e[i];
    }
    pv->n = out;
}

static inline void acquire_all(atomicc_pv_t *pv, const char *where)
{
    for (unsigned i = 0; i < pv->n; i++)
        acquire(&table[pv->ent[i] >> 3], pv->ent[i] & 7u, where);
}

/* Releases what an outermost block in lock mode holds. */
static inline void release_held(atomicc_pv_t *pv)
{
    if (pv->fast & ATOMICC__PV_LOCKS) {
        if (pv->fast & ATOMICC__PV_TWO)
            release_inc(pv->fl[1], pv->fi[1]);
        release_inc(pv->fl[0], pv->fi[0]);
        return;
    }
    for (unsigned i = pv->n; i-- > 0;)
        release(&table[pv->ent[i] >> 3], pv->ent[i] & 7u);
}

/* ---- solo mode and the thread registry ------------------------------------ */

/* ATOMICC_SOLO=0 (see atomicc_rt.h): read once, by whichever comes first of
 * the constructor below (priority 101: before the program's own
 * constructors, which may run atomic blocks) and the first registration of
 * a thread with either registry (this one, or the STM's); both go through
 * this function, so a block in an even earlier constructor still sees the
 * switch.  0: not read yet, 1: solo mode allowed, 2: off. */
static int g_solo_env;
int atomicc__solo_off;

int atomicc__solo_allowed(void)
{
    int v = __atomic_load_n(&g_solo_env, __ATOMIC_ACQUIRE);
    if (__builtin_expect(v == 0, 0)) {
        const char *e = getenv("ATOMICC_SOLO");
        int want = e && strcmp(e, "0") == 0 ? 2 : 1;
        if (__atomic_compare_exchange_n(&g_solo_env, &v, want, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
            v = want;
    }
    return v == 1;
}

static __attribute__((constructor(101))) void solo_env_init(void)
{
    (void)atomicc__solo_allowed();
}

static void thread_exit(void *p)
{
    (void)p;
    struct atomicc__pv_thread *t = &atomicc__pv_self;
    if (t->depth & ATOMICC__PV_UNREG)
        return;
    /* A block (of either strategy) that runs after this, in a later
     * destructor, registers anew. */
    t->depth |= ATOMICC__PV_UNREG;
    t->outer = NULL;
    atomicc__gthread.depth |= ATOMICC__G_UNREG;
    if (tl_ind) {
        /* every bit is clear: the thread is outside every block */
        __atomic_store_n(&tl_ind->used, 0, __ATOMIC_RELEASE);
        __atomic_fetch_add(&g_ind.nfree, 1, __ATOMIC_RELAXED);
        tl_ind = NULL;
    }
    if (__atomic_sub_fetch(&g_reg.n, 1, __ATOMIC_SEQ_CST) < 2)
        __atomic_fetch_sub(&solo.n, 1, __ATOMIC_SEQ_CST);
}

static void global_init(void)
{
#if defined(HAVE_MEMBARRIER)
    long cmds = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
    if (cmds > 0 && (cmds & MEMBARRIER_CMD_PRIVATE_EXPEDITED) &&
        syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0)
        g_membarrier_ok = 1;
#endif
    /* Without a destructor a thread never deregisters: solo mode then does
     * not come back after it exits (slower, still correct). */
    g_key_ok = pthread_key_create(&g_key, thread_exit) == 0;
    if (!atomicc__solo_allowed()) {
        /* ATOMICC_SOLO=0: n never equals 1 (or 1 | g_bias), so neither the
         * inline test nor solo_begin() ever enters solo mode, and the
         * `global` lock skips its single-threaded-process shortcut.  No
         * thread is registered yet (as below). */
        atomicc__solo_off = 1;
        __atomic_fetch_or(&solo.n, ATOMICC__PV_SOLO_OFF, __ATOMIC_SEQ_CST);
    }
    /* The `global` lock's releases are plain stores only with membarrier
     * (global_lock.c); decided here, before the first thread registers, so
     * every thread that touches the lock word sees the final value. */
    if (g_membarrier_ok) {
        __atomic_store_n(&atomicc__glock.asym, 1, __ATOMIC_RELAXED);
        __atomic_store_n(&solo.asym, 1, __ATOMIC_RELAXED);
    }
    if (!g_membarrier_ok) {
        /* No thread is registered yet (we are the first registrant, before
         * our increment), so no inline solo test can be running. */
        g_bias = ATOMICC__PV_NO_INLINE_SOLO;
        __atomic_fetch_or(&solo.n, g_bias, __ATOMIC_SEQ_CST);
    }
}

/* The registrant's side of the handshake: the solo thread's store of busy
 * is visible after this, or its re-read of n sees our increment. */
static void heavy_barrier(void)
{
#if defined(HAVE_MEMBARRIER)
    if (g_membarrier_ok) {
        if (syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) == 0)
            return;
        die("atomicc: membarrier failed after registration\n");
    }
#endif
    /* the locked increment before this is the full fence; the solo side
     * raises busy with a locked exchange */
}

static __attribute__((noinline)) void register_thread(struct atomicc__pv_thread *t, const char *where,
                                                       const char *strategy)
{
    pthread_once(&g_once, global_init);
    if (g_key_ok)
        pthread_setspecific(g_key, (void *)1);
    /* solo.n is read by every block's entry: its count moves only between
     * 0, 1 and 2 (the exact count is g_reg.n), so a crowd of threads starting
     * up does not pull that line to every CPU once per thread.  Each step of
     * g_reg.n adds its change of min(g_reg.n, 2) to solo.n, so solo.n catches
     * up with every step; a registrant that did not move solo.n waits until
     * it shows two threads (the one that moves it is between two
     * instructions), so the barrier below follows a count of two as in the
     * handshake above -- or until it is alone (the others exited: then no
     * other thread can be inside a solo block). */
    if (__atomic_add_fetch(&g_reg.n, 1, __ATOMIC_SEQ_CST) <= 2) {
        __atomic_fetch_add(&solo.n, 1, __ATOMIC_SEQ_CST);
    } else {
        for (unsigned spins = 0; (__atomic_load_n(&solo.n, __ATOMIC_SEQ_CST) & ATOMICC__PV_COUNT) < 2 &&
                                 __atomic_load_n(&g_reg.n, __ATOMIC_SEQ_CST) >= 2;
             spins++) {
            if (spins < 64)
                atomicc__cpu_relax();
            else
                sched_yield();
        }
    }
    heavy_barrier();
    /* From now on no other thread enters a solo block; wait for the one
     * that may be running (it is not waiting for us: see the top). */
    struct atomicc__wd wd;
    wd.deadline = 0;
    for (unsigned spins = 0; __atomic_load_n(&solo.busy, __ATOMIC_ACQUIRE); spins++) {
        if (spins < 64) {
            atomicc__cpu_relax();
        } else if (spins < 128) {
            sched_yield();
        } else {
            if (spins == 128)
                atomicc__wd_begin(&wd, where, strategy,
                                  "the block another thread runs alone (single-thread mode) to end");
            atomicc__park_timed(&solo.busy, 1, 100000);
            atomicc__wd_poll(&wd);
        }
    }
    t->depth &= ~ATOMICC__PV_UNREG;
    atomicc__gthread.depth &= ~ATOMICC__G_UNREG;
}

/* The `global` strategy's first block of a thread registers here too: one
 * registry for both strategies. */
void atomicc__solo_register(const char *where, const char *strategy)
{
    if (atomicc__pv_self.depth & ATOMICC__PV_UNREG)
        register_thread(&atomicc__pv_self, where, strategy);
}

/* This registered thread is the only one and busy is raised: by an
 * enclosing solo block of the other strategy (a solo block of this thread's
 * own strategy would have been seen by the caller). */
int atomicc__solo_foreign(void)
{
    return __atomic_load_n(&solo.n, __ATOMIC_ACQUIRE) == (1 | g_bias) &&
           __atomic_load_n(&solo.busy, __ATOMIC_ACQUIRE) != 0;
}

/* The out-of-line version of atomicc__pv_solo_begin(), which also works
 * without membarrier. */
static int solo_begin(void)
{
    if (__atomic_load_n(&solo.n, __ATOMIC_RELAXED) != (1 | g_bias))
        return 0;
    if (__atomic_load_n(&solo.busy, __ATOMIC_RELAXED))
        return 0; /* inside a solo block of the other strategy: take locks */
#if !defined(ATOMICC__TSAN)
    if (g_membarrier_ok || ATOMICC__SINGLE_THREADED()) {
        __atomic_store_n(&solo.busy, 1, __ATOMIC_RELAXED);
        __atomic_signal_fence(__ATOMIC_SEQ_CST); /* the registrant's membarrier does the rest */
    } else
#endif
    {
        __atomic_exchange_n(&solo.busy, 1, __ATOMIC_SEQ_CST);
    }
    if (__atomic_load_n(&solo.n, __ATOMIC_ACQUIRE) == (1 | g_bias))
        return 1;
    __atomic_store_n(&solo.busy, 0, __ATOMIC_RELEASE);
    return 0;
}

int atomicc__pv_solo_begin_ool(void)
{
    return solo_begin();
}

/* The locks an outermost block holds in ent[] (normalized), in the form
 * the inline leave releases (pv->fl[], pv->fi[]) when they are one or two
 * object locks: then a block that had to wait for a lock still leaves
 * inline.  Returns the pv->fast bits (0: leave out of line). */
static inline unsigned leave_inline_form(atomicc_pv_t *pv)
{
    unsigned n = pv->n;
    if (n == 0 || n > 2 || (pv->ent[0] >> 3) < ATOMICC_PV_CLASSES) /* sorted: a class lock first */
        return 0;
    atomicc__pv_took(pv, n == 2, pv->ent[0], pv->ent[1]);
    return n == 2 ? ATOMICC__PV_LOCKS | ATOMICC__PV_TWO : ATOMICC__PV_LOCKS;
}

/* Takes what an outermost block needs (solo mode or its locks, ent[] not
 * yet normalized) and sets pv->fast accordingly (not the UNDO bit). */
static void take(atomicc_pv_t *pv, const char *where)
{
    if (solo_begin()) {
        pv->fast = ATOMICC__PV_SOLO;
        return;
    }
    normalize(pv);
    acquire_all(pv, where);
    pv->fast = (unsigned char)leave_inline_form(pv);
}

/* ---- the compiler contract ------------------------------------------------ */

/* One more dynamically nested block.  The depth saturates below the UNREG
 * bit and aborts there (it cannot be reached before the stack overflows,
 * but it must not wrap into the registration flag). */
static inline void nest(struct atomicc__pv_thread *t)
{
    if (__builtin_expect(t->depth >= ATOMICC__PV_UNREG - 1, 0))
        die("atomicc: pervar atomic blocks nested too deeply (the nesting depth would overflow)\n");
    t->depth++;
}

void atomicc__pv_enter_slow(atomicc_pv_t *pv, unsigned from, const char *where)
{
    struct atomicc__pv_thread *t = &atomicc__pv_self;
    if (from == 0) {
        if (__builtin_expect(t->depth & ATOMICC__PV_UNREG, 0))
            register_thread(t, where, "pervar");
        if (t->depth != 0) {
            /* dynamic nesting: the outermost block already holds these locations */
            pv->outermost = 0;
            pv->fast = 0;
            nest(t);
            return;
        }
        take(pv, where);
    } else {
        /* the inline path holds ent[0..from) (sorted, distinct) */
        uint32_t *e = pv->ent;
        for (unsigned i = from, n = pv->n; i < n; i++)
            acquire(&table[e[i] >> 3], e[i] & 7u, where);
        pv->fast = (unsigned char)leave_inline_form(pv);
    }
    pv->outermost = 1;
    t->depth = 1;
    if (pv->retryable) {
        t->restart_registered = 0;
        t->outer = pv;
        pv->mark = atomicc__undo_begin();
        if (pv->fast)
            pv->fast |= ATOMICC__PV_UNDO;
    }
}

/* enter1/enter2 in a thread whose depth is not 0: a nested block (returns
 * 1), or the thread's first block: registers, then enters solo mode
 * (returns 1) or returns 0 (the caller takes the locks inline). */
int atomicc__pv_enter_inner(atomicc_pv_t *pv, const char *where)
{
    struct atomicc__pv_thread *t = &atomicc__pv_self;
    if (t->depth & ATOMICC__PV_UNREG) {
        register_thread(t, where, "pervar");
        if (!solo_begin())
            return 0;
        pv->fast = ATOMICC__PV_SOLO;
        t->depth = 1;
        return 1;
    }
    pv->outermost = 0;
    pv->fast = 0;
    nest(t);
    return 1;
}

void atomicc__pv_leave_slow(atomicc_pv_t *pv)
{
    struct atomicc__pv_thread *t = &atomicc__pv_self;
    if (!pv->outermost) {
        t->depth--;
        return;
    }
    ATOMICC__SIM_COMMIT(1);
    if (pv->retryable) {
        t->outer = NULL;
        atomicc__undo_end(pv->mark);
    }
    t->depth = 0;
    if (pv->fast & ATOMICC__PV_SOLO) {
        atomicc__solo_end();
        return;
    }
    release_held(pv);
    if (__builtin_expect(__atomic_load_n(&atomicc__pv_retry_waiters, __ATOMIC_SEQ_CST) != 0, 0))
        atomicc__pv_commit_wake();
}

void atomicc__pv_wake(struct atomicc__pv_lock *l)
{
    atomicc__unpark(&l->word, -1);
}

void atomicc__pv_commit_wake(void)
{
    /* The system call only while a waiter sleeps (as in global_lock.c): a
     * sleeper counts itself in `sleeping` (seq_cst) before it parks, so it
     * is seen here after our seq_cst bump, or its futex sees the new seq. */
    __atomic_fetch_add(&pv_commit.seq, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&pv_commit.sleeping, __ATOMIC_SEQ_CST))
        atomicc__unpark(&pv_commit.seq, -1);
}

/* Undo, give up solo mode or the locks, sleep until some block commits,
 * enter again. */
static void wait_and_retake(atomicc_pv_t *outer, const char *where)
{
    if (!(outer->fast & ATOMICC__PV_SOLO) && atomicc__solo_foreign())
        die("atomicc: retry in a pervar block nested inside a solo global block\n");
    atomicc__undo_restore(outer->mark);
    unsigned seen = __atomic_load_n(&pv_commit.seq, __ATOMIC_SEQ_CST);
    __atomic_fetch_add(&atomicc__pv_retry_waiters, 1, __ATOMIC_SEQ_CST);
    /* A committer that runs after this sees the waiter: one that follows a
     * lock we release through the lock word, one that registered through
     * busy (see the top of the file). */
    if (outer->fast & ATOMICC__PV_SOLO)
        atomicc__solo_end();
    else
        release_held(outer);
    int spins = ATOMICC_PV_SPIN;
    struct atomicc__wd wd;
    atomicc__wd_begin(&wd, where, "pervar",
                      "retry: another thread's commit (the location is the retry statement's)");
    while (__atomic_load_n(&pv_commit.seq, __ATOMIC_SEQ_CST) == seen) {
        if (spins > 0) {
            spins--;
            atomicc__cpu_relax();
        } else {
            __atomic_fetch_add(&pv_commit.sleeping, 1, __ATOMIC_SEQ_CST);
            atomicc__wd_park(&wd, &pv_commit.seq, seen);
            __atomic_fetch_sub(&pv_commit.sleeping, 1, __ATOMIC_RELAXED);
        }
    }
    __atomic_fetch_sub(&atomicc__pv_retry_waiters, 1, __ATOMIC_SEQ_CST);
    take(outer, where);
    if (outer->fast) /* solo, or one or two object locks: the inline leave closes the undo bracket */
        outer->fast |= ATOMICC__PV_UNDO;
}

void atomicc_pv_retry(atomicc_pv_t *pv)
{
    atomicc__pv_retry_at(pv, NULL);
}

void atomicc__pv_retry_at(atomicc_pv_t *pv, const char *where)
{
    struct atomicc__pv_thread *t = &atomicc__pv_self;
    if (t->depth == 0 || (t->depth & ATOMICC__PV_UNREG))
        die("atomicc: retry outside an atomic block\n");
    /* Not pv->outermost: a block entered by atomicc_pv_enter1/2 in solo mode
     * does not set it (nor may it retry). */
    if (t->outer == pv) {
        wait_and_retake(pv, where);
        return;
    }
    if (t->depth == 1)
        die("atomicc: retry in an atomic block not begun with atomicc_pv_init_retry\n");
    if (t->outer == NULL || !t->restart_registered)
        die("atomicc: retry inside a nested atomic block whose outermost block cannot restart\n");
    wait_and_retake(t->outer, where);
    t->depth = 1;
    __builtin_longjmp(tl.restart, 1);
}

atomicc_jmpbuf_t *atomicc_pv_jmpbuf(atomicc_pv_t *pv)
{
    struct atomicc__pv_thread *t = &atomicc__pv_self;
    if (t->outer == pv) {
        t->restart_registered = 1;
        return &tl.restart;
    }
    return &tl.scratch;
}
