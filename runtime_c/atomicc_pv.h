/* atomicc_pv.h - runtime interface of the `pervar` strategy (included by
 * atomicc_rt.h).
 *
 * A block lowered with per-location locks collects its lock requests at
 * entry, then takes them all in one global order:
 *
 *     { atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
 *       atomicc_pv_init(&pv);                            (_retry: can retry)
 *       atomicc_pv_class(&pv, 17u, ATOMICC_IX);          a whole alias class
 *       atomicc_pv_addr(&pv, &bank[from], ATOMICC_W);    one object
 *       atomicc_pv_addr(&pv, &bank[to], ATOMICC_W);
 *       atomicc_pv_enter(&pv);
 *       { S } }
 *
 * or, for a block that cannot retry and needs one or two object locks and no
 * class lock, atomicc_pv_enter1(&pv, p, m) / atomicc_pv_enter2(&pv, p, m, q, mq)
 * in place of the init/addr/enter calls.
 *
 * Locks live in one table: ATOMICC_PV_CLASSES class locks (indexed by the
 * slot the compiler computed for an alias class), then ATOMICC_PV_STRIPES
 * object locks indexed by a hash of the object's address.  Every lock word
 * has the modes of a hierarchical lock: IS and IX (intention: "I lock some
 * objects of this class"), S and X (the whole class), and R = S, W = X for
 * object locks.  enter() sorts the requests by table index, merges
 * duplicates (two keys can be the same address at run time) and acquires in
 * that order, spinning briefly and then parking on a futex: every block takes
 * its locks in one total order, so blocks cannot deadlock.
 *
 * A class lock is a distributed intention lock (details in pervar.c): an IS
 * or IX holder sets a bit in a line of its own thread and only reads the
 * class's word, so per-object blocks of one class, running on many CPUs,
 * write no common cache line; an S or X request raises the word (blocking
 * new intentions, so it cannot starve) and then waits until the threads
 * already holding a conflicting intention have left.  Class requests are
 * always taken out of line; object locks keep a counted word (R = S
 * holders, W = X).
 *
 * A thread already inside an atomic block (a function with a block called
 * from inside another) joins the outer block: the compiler includes the
 * callee's locations in the outer block's lock set.
 *
 * Single-thread mode ("solo").  A thread registers with this runtime at its
 * first pervar OR global block (one registry for both strategies: the
 * `global` strategy has the same solo mode, see atomicc_rt.h) and
 * deregisters when it exits (a pthread key destructor; the main thread
 * stays registered).  While exactly one thread is registered, its outermost
 * blocks take NO lock: enter checks that busy is clear, raises
 * atomicc__pv_solo.busy (a plain store and a compiler barrier), re-reads the
 * registered count with acquire and, if it is still 1, runs the block; leave
 * clears busy with a release store.  (busy already raised with n == 1 means
 * an enclosing solo block of the other strategy in this thread: the inner
 * block then takes its locks as usual and leaves busy alone; a retry in it
 * dies with a message, since it would sleep with busy raised.)  A thread that registers increments the
 * count (seq_cst), runs membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED) and
 * then waits until busy is clear before its first block takes any lock.  This
 * is Dekker's handshake with the store-load fence of the frequent side
 * replaced by the registrant's membarrier (a full barrier on every CPU that
 * runs one of our threads, so the solo thread's store of busy is visible to
 * the registrant's load, or the registrant's increment is visible to the
 * solo thread's re-read): either the solo thread sees the new count and
 * takes locks, or the registrant sees busy and waits for the block to end.
 * The release store of busy and the registrant's acquire load order the solo
 * block's accesses before the registrant's; a thread's exit decrement
 * (seq_cst) and the solo thread's acquire re-read order the exiting thread's
 * last block before the next solo block (the full argument is at the top of
 * pervar.c).  Without membarrier the runtime sets the count's top bit so the
 * inline test fails and solo blocks go out of line, where busy is raised
 * with a locked exchange (the registrant's increment is already a full
 * fence); ThreadSanitizer builds raise it with the locked exchange inline.  A solo block holds no lock, so nothing needs to be
 * released when the count changes: the registrant just waits, once.
 * Consequence: a solo block (of either strategy) delays every new thread's
 * first pervar or global block until it ends, so it must not wait for
 * another thread's block (as under the `global` strategy).
 * ATOMICC_SOLO=0 in the environment turns solo mode off (atomicc_rt.h): the
 * runtime then keeps ATOMICC__PV_SOLO_OFF set in the registered count, so
 * the inline test `n == 1` fails like it does with two threads.
 *
 * retry: atomicc_pv_retry() undoes the logged stores, releases every lock
 * (or, in solo mode, clears busy: it waits for another thread, which has to
 * register first), sleeps until another block commits, re-enters the same
 * way an outermost block does (solo if it is again the only thread, else the
 * same locks) and returns (the caller jumps back to its restart label); from
 * a dynamically nested block it restarts the outermost block through its
 * atomicc_pv_jmpbuf().  Only a block begun with atomicc_pv_init_retry can
 * retry (its stores are undo-logged).
 *
 * Inline fast paths (below): an outermost block in solo mode (about 19
 * instructions for enter and leave together, no locked instruction, no line
 * written that another thread reads); an outermost block with at most two uncontended
 * object requests (one CAS each to take, one atomic subtraction each to release);
 * both also for blocks that can retry (they also open the undo-log bracket
 * and reset the restart point, as the out-of-line entry does).  Everything
 * else (nesting, the first block of a thread, contention, parked waiters,
 * more requests, no membarrier) goes to the out-of-line functions in
 * pervar.c.  atomicc_pv_enter1/enter2 are also macros, which evaluate their
 * keys only when locks are taken (see there).
 */
#ifndef ATOMICC_PV_H
#define ATOMICC_PV_H

#ifndef ATOMICC__BUILDING_RUNTIME
#pragma GCC system_header /* see atomicc_rt.h */
#endif


#ifndef ATOMICC_PV_MAX
#define ATOMICC_PV_MAX 64           /* requests per block (the compiler uses <= 48 + classes) */
#endif
#define ATOMICC_PV_CLASSES 256u     /* must match compiler/plan/planner.py CLASS_SLOTS */
#define ATOMICC_PV_STRIPE_BITS 12
#define ATOMICC_PV_STRIPES (1u << ATOMICC_PV_STRIPE_BITS)

enum { ATOMICC_IS = 1, ATOMICC_IX = 2, ATOMICC_S = 3, ATOMICC_X = 4 };
#define ATOMICC_R ATOMICC_S
#define ATOMICC_W ATOMICC_X

struct atomicc__pv_lock;

/* How an outermost block ends (atomicc_pv_t.fast); 0: out of line (the
 * locks in ent[0..n), or an inner block). */
#define ATOMICC__PV_LOCKS 1u   /* holds fl[0] (and fl[1] with TWO); fi[] = what each added */
#define ATOMICC__PV_SOLO 2u    /* solo mode: holds busy, no lock */
#define ATOMICC__PV_UNDO 4u    /* can retry: close the undo-log bracket at mark */
#define ATOMICC__PV_TWO 8u     /* with LOCKS: fl[1] too */

typedef struct atomicc_pv {
    unsigned n;                     /* requests collected */
    unsigned char outermost;        /* this block took the locks */
    unsigned char retryable;        /* the block can retry: keep an undo log */
    unsigned char fast;             /* ATOMICC__PV_* bits */
    __SIZE_TYPE__ mark;             /* undo-log length at entry (retryable outermost) */
    struct atomicc__pv_lock *fl[2]; /* the locks the inlined path took */
    unsigned fi[2];                 /* what each holder added to its word */
    __UINT32_TYPE__ ent[ATOMICC_PV_MAX];   /* (table index << 3) | mode */
} atomicc_pv_t;

struct atomicc_pv;
static inline __attribute__((always_inline)) void atomicc_pv_init(atomicc_pv_t *pv)
{
    pv->n = 0;
    pv->retryable = 0;
    pv->fast = 0;
}

/* For a block that can retry (directly or from a callee): its stores are
 * undo-logged while it runs. */
static inline __attribute__((always_inline)) void atomicc_pv_init_retry(atomicc_pv_t *pv)
{
    pv->n = 0;
    pv->retryable = 1;
    pv->fast = 0;
}

static inline __attribute__((always_inline)) __UINT32_TYPE__ atomicc_pv_stripe(const void *addr)
{
    /* Multiplicative hashing of the address (8-byte granules): equally
     * spaced objects (an array, a run of same-size heap blocks) spread out.
     * The multiplier is not the golden ratio's 0x9E3779B97F4A7C15: that one
     * is perfect for consecutive granules but not for their multiples, and
     * 1,024 objects at a 64-byte stride (one per cache line) shared 204
     * stripes, whose locks then had two objects' traffic (bench bank-1024).
     * This one, found by a search over odd multipliers, puts 1,024 objects
     * at any stride of 8 to 1,488 bytes (and at every power of two up to
     * 256 KiB), and 2,048 at any stride up to 512 bytes, in distinct
     * stripes; random addresses collide as often as with any multiplier. */
    __UINT64_TYPE__ a = (__UINT64_TYPE__)(__UINTPTR_TYPE__)addr >> 3;
    return (__UINT32_TYPE__)((a * 0xF3267901EB69897Full) >> (64 - ATOMICC_PV_STRIPE_BITS));
}

/* A block that collects more than ATOMICC_PV_MAX requests does not lose
 * the extra ones: atomicc__pv_too_many() prints "atomicc: an atomic block
 * needs more than N lock requests (at FILE:LINE)" and aborts.  FILE:LINE is
 * where the request is made (the macros below pass __FILE__ and __LINE__,
 * which the compiler's `#line` maps back to the Atomic C source; a call of
 * the functions themselves passes none).  On the fast path this is the same
 * predictable compare-and-branch as before. */
void atomicc__pv_too_many(const char *file, unsigned line) __attribute__((noreturn, cold));

static inline __attribute__((always_inline)) void atomicc__pv_addr_at(atomicc_pv_t *pv, const void *addr,
                                                                     unsigned mode, const char *file,
                                                                     unsigned line)
{
    if (__builtin_expect(pv->n >= ATOMICC_PV_MAX, 0))
        atomicc__pv_too_many(file, line);
    pv->ent[pv->n++] = ((ATOMICC_PV_CLASSES + atomicc_pv_stripe(addr)) << 3) | mode;
}

static inline __attribute__((always_inline)) void atomicc__pv_class_at(atomicc_pv_t *pv, unsigned slot,
                                                                      unsigned mode, const char *file,
                                                                      unsigned line)
{
    if (__builtin_expect(pv->n >= ATOMICC_PV_MAX, 0))
        atomicc__pv_too_many(file, line);
    pv->ent[pv->n++] = ((slot % ATOMICC_PV_CLASSES) << 3) | mode;
}

static inline __attribute__((always_inline)) void atomicc_pv_addr(atomicc_pv_t *pv, const void *addr,
                                                                 unsigned mode)
{
    atomicc__pv_addr_at(pv, addr, mode, 0, 0);
}

static inline __attribute__((always_inline)) void atomicc_pv_class(atomicc_pv_t *pv, unsigned slot,
                                                                  unsigned mode)
{
    atomicc__pv_class_at(pv, slot, mode, 0, 0);
}

#define atomicc_pv_addr(pv, addr, mode) atomicc__pv_addr_at((pv), (addr), (mode), __FILE__, __LINE__)
#define atomicc_pv_class(pv, slot, mode) atomicc__pv_class_at((pv), (slot), (mode), __FILE__, __LINE__)

void atomicc_pv_retry(atomicc_pv_t *pv);
/* (what the atomicc_pv_retry(pv) macro calls: `where` is ATOMICC__WHERE) */
void atomicc__pv_retry_at(atomicc_pv_t *pv, const char *where);
atomicc_jmpbuf_t *atomicc_pv_jmpbuf(atomicc_pv_t *pv);

/* ---- implementation details shared with the inline fast paths ---------- */
struct atomicc__pv_lock {
    unsigned word;     /* X bit 31 | S count <<20 | IX count <<10 | IS count
                        * (a class lock's IS/IX holders are not counted here:
                        * see "class locks" in pervar.c) */
    unsigned waiters;  /* threads parked on this word */
    unsigned gate;     /* class lock: futex word of an S/X side waiting for
                        * intention holders to leave */
    unsigned xwait;    /* class lock: S/X requesters sleeping on gate */
} __attribute__((aligned(64)));
/* The holder counts are 10 bits (IS, IX: at most 1023 holders; only object
 * stripes count them, and the compiler requests R and W for those) and 11
 * bits (S: 2047).  The inline fast path also refuses a shared mode whose count
 * has its top bit set (512 holders, 1024 for S: the masks below) and goes
 * out of line, where pervar.c grants up to the full count and aborts with a
 * message ("atomicc: more than 1023 threads hold ...") instead of letting a
 * count carry into its neighbour. */
extern struct atomicc__pv_lock atomicc__pv_table[];
extern unsigned atomicc__pv_retry_waiters;

/* Solo mode (see the top of this file).  One line: `n` is read by every
 * outermost block and written only when a thread registers or exits; `busy`
 * is written only while n == 1, by the one registered thread. */
struct atomicc__pv_solo {
    unsigned n;        /* registered threads, | ATOMICC__PV_NO_INLINE_SOLO if the
                        * inline path must not run solo (no membarrier) */
    unsigned busy;     /* the only registered thread is inside a solo block */
    unsigned asym;     /* 1: membarrier registered: an exclusive object lock
                        * is released with a plain store (atomicc__pv_drop);
                        * set before the first thread registers, never changed */
} __attribute__((aligned(64)));
extern struct atomicc__pv_solo atomicc__pv_solo;
#define ATOMICC__PV_NO_INLINE_SOLO 0x80000000u  /* makes (int)n < 0 */
#define ATOMICC__PV_SOLO_OFF 0x40000000u        /* ATOMICC_SOLO=0: n is never 1 */

/* This thread's state.  depth has ATOMICC__PV_UNREG set until the thread's
 * first block registers it (so that block goes out of line), and again after
 * its exit destructor deregistered it. */
#define ATOMICC__PV_UNREG 0x80000000u
struct atomicc__pv_thread {
    unsigned depth;             /* nesting depth, 0 outside every block */
    int restart_registered;     /* the outermost block registered its restart point */
    struct atomicc_pv *outer;   /* the running outermost block, if it can retry */
};
extern __thread struct atomicc__pv_thread atomicc__pv_self;

/* per mode: what a holder adds to the word; the bits that must be clear */
static const unsigned atomicc__pv_mode_inc[5] = { 0, 1u, 1u << 10, 1u << 20, 0x80000000u };
static const unsigned atomicc__pv_mode_block[5] = { 0, 0x80000000u | (1u << 9),
                                                    0x80000000u | (0x7ffu << 20) | (1u << 19),
                                                    0x80000000u | (0x3ffu << 10) | (1u << 30), ~0u };

/* `where`: the block's ATOMICC__WHERE (or NULL), for the watchdog only. */
void atomicc__pv_enter_slow(atomicc_pv_t *pv, unsigned from, const char *where);
/* How many threads hold class slot `slot` in intention mode `mode` (IS or
 * IX) right now (for tests and debugging: a scan of every thread's line). */
unsigned atomicc__pv_class_intents(unsigned slot, unsigned mode);
void atomicc__pv_leave_slow(atomicc_pv_t *pv);
void atomicc__pv_wake(struct atomicc__pv_lock *l);
void atomicc__pv_commit_wake(void);

/* This frame's stack pointer: the undo floor of a block entered inline (the
 * frames of the functions the block calls lie below it; see undo_log.c).
 * The asm stores it into sp's own stack slot and is volatile: as a plain
 * register output with no operands, GCC treated it as loop-invariant and
 * read %rsp at the function's entry, before the prologue allocated the
 * frame, and the function's logged locals then lay below the floor (taken
 * for callee frames, they were not restored by a retry).  Storing to the
 * frame makes the read depend on the frame, hence come after the prologue
 * (the function is not a leaf: it calls atomicc_undo_log, so it has no red
 * zone locals either). */
#if defined(__GNUC__) && defined(__x86_64__)
#define ATOMICC__PV_SP(sp) __asm__ __volatile__("mov %%rsp, %0" : "=m"(sp))
#elif defined(__GNUC__) && defined(__aarch64__)
#define ATOMICC__PV_SP(sp)                                                     \
    do {                                                                       \
        char *__atomicc_spr;                                                   \
        __asm__ __volatile__("mov %1, sp\n\tstr %1, %0" : "=m"(sp), "=&r"(__atomicc_spr)); \
    } while (0)
#endif

/* Enters solo mode if this (registered) thread is the only one.  The
 * registrant's membarrier orders the store of busy before the re-read of n
 * (see the top of this file); ThreadSanitizer builds use a locked exchange,
 * and so does the out-of-line version, used when the runtime has no
 * membarrier (n then has its top bit set).  With other threads registered
 * this costs a load, a compare and a branch. */
int atomicc__pv_solo_begin_ool(void);
/* a thread's first block, either strategy (where, strategy: for the watchdog) */
void atomicc__solo_register(const char *where, const char *strategy);
int atomicc__solo_foreign(void);     /* busy is held by an enclosing block */
static inline __attribute__((always_inline)) void atomicc__solo_end(void)
{
    __atomic_store_n(&atomicc__pv_solo.busy, 0, __ATOMIC_RELEASE);
}
static inline __attribute__((always_inline)) int atomicc__pv_solo_begin(void)
{
    struct atomicc__pv_solo *s = &atomicc__pv_solo;
    unsigned n = __atomic_load_n(&s->n, __ATOMIC_RELAXED);
    if ((int)n > 1)
        return 0;
    /* busy already raised with n == 1: by an enclosing solo block of the
     * other strategy (in this thread); this block takes locks.  (Not one
     * 64-bit load of n and busy: busy was just stored by the last block's
     * leave, and a wider load misses store-to-load forwarding: bank, pervar,
     * 1 thread, 198 -> 165 M transfers/s.) */
    if (__builtin_expect(n != 1 || __atomic_load_n(&s->busy, __ATOMIC_RELAXED) != 0, 0))
        return n == (1u | ATOMICC__PV_NO_INLINE_SOLO) ? atomicc__pv_solo_begin_ool() : 0;
#if defined(ATOMICC__TSAN)
    __atomic_exchange_n(&s->busy, 1, __ATOMIC_SEQ_CST);
#else
    __atomic_store_n(&s->busy, 1, __ATOMIC_RELAXED);
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
#endif
    if (__builtin_expect(__atomic_load_n(&s->n, __ATOMIC_ACQUIRE) == 1, 1))
        return 1;
    __atomic_store_n(&s->busy, 0, __ATOMIC_RELEASE); /* a thread is joining */
    return 0;
}

/* One try at lock request e: a CAS that expects a free word first (no load
 * before it: the load would fetch the line shared and the CAS then upgrade
 * it, two transfers of a line that another CPU released; at 64 simulated
 * vCPUs 65 cycles per lock), then, if the word was not free but is
 * compatible (shared holders), a CAS from the value it returned. */
static inline __attribute__((always_inline)) int atomicc__pv_try(__UINT32_TYPE__ e)
{
    struct atomicc__pv_lock *l = &atomicc__pv_table[e >> 3];
    unsigned w = 0;
    if (__builtin_expect(__atomic_compare_exchange_n(&l->word, &w, atomicc__pv_mode_inc[e & 7u], 0,
                                                     __ATOMIC_ACQUIRE, __ATOMIC_RELAXED),
                         1))
        return 1;
    return (w & atomicc__pv_mode_block[e & 7u]) == 0 &&
           __atomic_compare_exchange_n(&l->word, &w, w + atomicc__pv_mode_inc[e & 7u], 0, __ATOMIC_ACQUIRE,
                                       __ATOMIC_RELAXED);
}

/* Records the lock(s) the inline path took (ent-style requests a, b). */
static inline __attribute__((always_inline)) void atomicc__pv_took(atomicc_pv_t *pv, unsigned two,
                                                                  __UINT32_TYPE__ a, __UINT32_TYPE__ b)
{
    pv->fl[0] = &atomicc__pv_table[a >> 3];
    pv->fi[0] = atomicc__pv_mode_inc[a & 7u];
    if (two) {
        pv->fl[1] = &atomicc__pv_table[b >> 3];
        pv->fi[1] = atomicc__pv_mode_inc[b & 7u];
    }
}

/* The general entry (any number of requests, blocks that can retry). */
static inline __attribute__((always_inline)) void atomicc__pv_enter_at(atomicc_pv_t *pv, const char *where)
{
    struct atomicc__pv_thread *t = &atomicc__pv_self;
    unsigned retryable = pv->retryable;
#if defined(ATOMICC__PV_SP)
    if (__builtin_expect(t->depth != 0, 0)) {
#else
    if (__builtin_expect(t->depth != 0 || retryable, 0)) {
#endif
        atomicc__pv_enter_slow(pv, 0, where);       /* nested, or the thread's first block */
        return;
    }
    unsigned f;
    if (atomicc__pv_solo_begin()) {
        f = ATOMICC__PV_SOLO;
    } else {
        unsigned n = pv->n;
        if (__builtin_expect(n > 2 || n == 0, 0)) {
            atomicc__pv_enter_slow(pv, 0, where);
            return;
        }
        __UINT32_TYPE__ a = pv->ent[0], b = 0;
        f = ATOMICC__PV_LOCKS;
        if (n == 2) {
            __UINT32_TYPE__ x = a, y = pv->ent[1];
            if (__builtin_expect((x >> 3) == (y >> 3), 0)) { /* one lock: merge the modes */
                atomicc__pv_enter_slow(pv, 0, where);
                return;
            }
            a = x < y ? x : y;
            b = x < y ? y : x;
            pv->ent[0] = a;
            pv->ent[1] = b;
            f = ATOMICC__PV_LOCKS | ATOMICC__PV_TWO;
        }
        /* A class lock (the lowest indices, so `a` if any) is a distributed
         * intention lock: taken out of line (pervar.c). */
        if (__builtin_expect((a >> 3) < ATOMICC_PV_CLASSES, 0)) {
            atomicc__pv_enter_slow(pv, 0, where);
            return;
        }
        if (__builtin_expect(!atomicc__pv_try(a), 0)) {
            atomicc__pv_enter_slow(pv, 0, where);
            return;
        }
        if (n == 2 && __builtin_expect(!atomicc__pv_try(b), 0)) {
            atomicc__pv_enter_slow(pv, 1, where);
            return;
        }
        atomicc__pv_took(pv, n == 2, a, b);
    }
#if defined(ATOMICC__PV_SP)
    if (retryable) {
        /* what atomicc__pv_enter_slow records for a block that can retry */
        char *sp;
        ATOMICC__PV_SP(sp);
        struct atomicc__undo_log *u = &atomicc__tl_undo;
        pv->mark = u->len;
        u->active++;
        u->floor = sp;
        t->restart_registered = 0;
        t->outer = pv;
        f |= ATOMICC__PV_UNDO;
    }
#endif
    pv->fast = (unsigned char)f;
    pv->outermost = 1;
    t->depth = 1;
}

/* The common shapes, emitted by the compiler when a block that cannot retry
 * needs one or two object locks and no class lock:
 *     atomicc_pv_enter1(&pv, p, m)     atomicc_pv_enter2(&pv, p, m, q, mq)
 * On their inline paths (solo mode, or all locks taken at the first try)
 * only pv->fast and what leave needs are written: not `outermost`,
 * `retryable`, n or ent[] (such a block never retries and never registers a
 * restart point, its leave is the inline one, and the runtime tells an
 * outermost block by the thread's depth and atomicc__pv_self.outer); the
 * out-of-line paths write them all.  In solo mode the keys p and q are not
 * even evaluated.  That is why these two are also macros (below): a key
 * passed to an inline function is computed before the call even when only
 * the lock path uses it, and GCC's partial redundancy elimination then gives
 * the key's index a second live copy, which can cost the caller a branchless
 * `if (to >= from) to++` (measured on bench/native/bank.c: a mispredicted
 * branch per transfer, 9.4 ns instead of 4.7 ns).  The keys the compiler
 * emits have no side effects (entry-fixed address expressions), so skipping
 * them is fine; `pv` may be evaluated twice. */
int atomicc__pv_enter_inner(atomicc_pv_t *pv, const char *where);
static inline __attribute__((always_inline)) int atomicc__pv_enter_solo(atomicc_pv_t *pv, const char *where)
{
    struct atomicc__pv_thread *t = &atomicc__pv_self;
    if (__builtin_expect(t->depth != 0, 0))
        return atomicc__pv_enter_inner(pv, where); /* nested (1), or the first block: registers */
    if (atomicc__pv_solo_begin()) {
        pv->fast = ATOMICC__PV_SOLO;
        t->depth = 1;
        return 1;
    }
    return 0;
}

/* The rest of enter1/enter2: an outermost block of a registered thread that
 * is not in solo mode. */
static inline __attribute__((always_inline)) void atomicc__pv_enter_ool(atomicc_pv_t *pv, unsigned n,
                                                                       __UINT32_TYPE__ a, __UINT32_TYPE__ b,
                                                                       unsigned from, const char *where)
{
    pv->retryable = 0;
    pv->n = n;
    pv->ent[0] = a;
    pv->ent[1] = b;
    atomicc__pv_enter_slow(pv, from, where);
}

/* The lock path of enter1/enter2 first prefetches each key's line (for
 * writing under W, else for reading): the block is about to access those
 * objects, and their cache misses then happen before the locks are taken
 * rather than while they are held, which shortens the time each lock is
 * held (fewer contended acquisitions) and, for W, fetches the line for
 * ownership at once instead of reading it and upgrading it at the first
 * store.  A prefetch never faults.  In a sim build __builtin_prefetch is
 * the simulator's prefetch hook (atomicc_sim.h): the fill runs while the
 * lock's CAS does. */
#define ATOMICC__PV_PREFETCH(p, m) ((m) == ATOMICC_W ? __builtin_prefetch((p), 1) : __builtin_prefetch((p), 0))

static inline __attribute__((always_inline)) void atomicc__pv_enter1_locks(atomicc_pv_t *pv, const void *p,
                                                                          unsigned m, const char *where)
{
    ATOMICC__PV_PREFETCH(p, m);
    __UINT32_TYPE__ a = ((ATOMICC_PV_CLASSES + atomicc_pv_stripe(p)) << 3) | m;
    if (__builtin_expect(!atomicc__pv_try(a), 0)) {
        atomicc__pv_enter_ool(pv, 1, a, 0, 0, where);
        return;
    }
    atomicc__pv_took(pv, 0, a, 0);
    pv->fast = ATOMICC__PV_LOCKS;
    atomicc__pv_self.depth = 1;
}

static inline __attribute__((always_inline)) void atomicc__pv_enter2_locks(atomicc_pv_t *pv, const void *p,
                                                                          unsigned m, const void *q,
                                                                          unsigned mq, const char *where)
{
    ATOMICC__PV_PREFETCH(p, m);
    ATOMICC__PV_PREFETCH(q, mq);
    __UINT32_TYPE__ x = ((ATOMICC_PV_CLASSES + atomicc_pv_stripe(p)) << 3) | m;
    __UINT32_TYPE__ y = ((ATOMICC_PV_CLASSES + atomicc_pv_stripe(q)) << 3) | mq;
    __UINT32_TYPE__ a = x < y ? x : y, b = x < y ? y : x;   /* cmov: the order is random */
    __builtin_prefetch(&atomicc__pv_table[b >> 3], 1);     /* its miss overlaps the first CAS */
    if (__builtin_expect((a >> 3) == (b >> 3), 0)) {
        atomicc__pv_enter_ool(pv, 2, a, b, 0, where);   /* one lock twice: merge the modes */
        return;
    }
    if (__builtin_expect(!atomicc__pv_try(a), 0)) {
        atomicc__pv_enter_ool(pv, 2, a, b, 0, where);
        return;
    }
    if (__builtin_expect(!atomicc__pv_try(b), 0)) {
        atomicc__pv_enter_ool(pv, 2, a, b, 1, where);
        return;
    }
    atomicc__pv_took(pv, 1, a, b);
    pv->fast = ATOMICC__PV_LOCKS | ATOMICC__PV_TWO;
    atomicc__pv_self.depth = 1;
}

static inline __attribute__((always_inline)) void atomicc_pv_enter1(atomicc_pv_t *pv, const void *p, unsigned m)
{
    if (!atomicc__pv_enter_solo(pv, 0))
        atomicc__pv_enter1_locks(pv, p, m, 0);
}

static inline __attribute__((always_inline)) void atomicc_pv_enter2(atomicc_pv_t *pv, const void *p, unsigned m,
                                                                   const void *q, unsigned mq)
{
    if (!atomicc__pv_enter_solo(pv, 0))
        atomicc__pv_enter2_locks(pv, p, m, q, mq, 0);
}

/* (ATOMICC__WHERE is a string literal: only the out-of-line calls take it) */
#define atomicc_pv_enter1(pv, p, m)                                                                    \
    ((void)(atomicc__pv_enter_solo((pv), ATOMICC__WHERE) ||                                            \
            (atomicc__pv_enter1_locks((pv), (p), (m), ATOMICC__WHERE), 0)))
#define atomicc_pv_enter2(pv, p, m, q, mq)                                                             \
    ((void)(atomicc__pv_enter_solo((pv), ATOMICC__WHERE) ||                                            \
            (atomicc__pv_enter2_locks((pv), (p), (m), (q), (mq), ATOMICC__WHERE), 0)))

/* Releases an object lock the inline path took.  An exclusive holder (W:
 * inc is the X bit) owns the whole word (nothing else changes it while X is
 * set), so with membarrier it frees it with a plain store, as cheap as a
 * spinlock's release: the store->load order against a waiter that counts
 * itself in `waiters` and then parks is paid by the waiter's membarrier
 * (atomicc__park_fence, pervar.c acquire_wait).  Shared holders (R) and the
 * no-membarrier case subtract with a locked RMW, a full barrier. */
static inline __attribute__((always_inline)) void atomicc__pv_drop(struct atomicc__pv_lock *l, unsigned inc)
{
    if (inc == 0x80000000u && __builtin_expect(__atomic_load_n(&atomicc__pv_solo.asym, __ATOMIC_RELAXED), 1)) {
        __atomic_store_n(&l->word, 0, __ATOMIC_RELEASE);
        __atomic_signal_fence(__ATOMIC_SEQ_CST); /* the cheap side of the fence */
    } else {
        __atomic_fetch_sub(&l->word, inc, __ATOMIC_SEQ_CST);
    }
    if (__builtin_expect(__atomic_load_n(&l->waiters, __ATOMIC_SEQ_CST) != 0, 0))
        atomicc__pv_wake(l);
}

static inline __attribute__((always_inline)) void atomicc_pv_leave(atomicc_pv_t *pv)
{
    struct atomicc__pv_thread *t = &atomicc__pv_self;
    unsigned f = pv->fast;
    if (f == ATOMICC__PV_SOLO) {
        ATOMICC__SIM_COMMIT(1);
        t->depth = 0;
        __atomic_store_n(&atomicc__pv_solo.busy, 0, __ATOMIC_RELEASE);
        return;
    }
    if (__builtin_expect(f != (ATOMICC__PV_LOCKS | ATOMICC__PV_TWO), 0)) {
        if (f & ATOMICC__PV_UNDO) {          /* a block that can retry */
            struct atomicc__undo_log *u = &atomicc__tl_undo;
            if (__builtin_expect(u->cap > ATOMICC__UNDO_KEEP_CAP, 0)) {
                atomicc__pv_leave_slow(pv);  /* shrinks the log */
                return;
            }
            ATOMICC__SIM_COMMIT(1);
            t->outer = 0;
            u->len = pv->mark;
            u->active--;
            if (f & ATOMICC__PV_SOLO) {
                t->depth = 0;
                __atomic_store_n(&atomicc__pv_solo.busy, 0, __ATOMIC_RELEASE);
                return;
            }
        } else if (f != ATOMICC__PV_LOCKS) {
            atomicc__pv_leave_slow(pv);      /* inner, or locks in ent[] */
            return;
        }
    }
    if (!(f & ATOMICC__PV_UNDO))
        ATOMICC__SIM_COMMIT(1);
    t->depth = 0;
    if (f & ATOMICC__PV_TWO)
        atomicc__pv_drop(pv->fl[1], pv->fi[1]);
    atomicc__pv_drop(pv->fl[0], pv->fi[0]);
    if (__builtin_expect(__atomic_load_n(&atomicc__pv_retry_waiters, __ATOMIC_SEQ_CST) != 0, 0))
        atomicc__pv_commit_wake();
}

#ifndef ATOMICC__BUILDING_RUNTIME
/* what the compiler calls by name, named from this system header (see atomicc_rt.h) */
#define atomicc_pv_init(pv) (atomicc_pv_init)(pv)
#define atomicc_pv_init_retry(pv) (atomicc_pv_init_retry)(pv)
#define atomicc_pv_enter(pv) atomicc__pv_enter_at((pv), ATOMICC__WHERE)
#define atomicc_pv_retry(pv) atomicc__pv_retry_at((pv), ATOMICC__WHERE)
#endif

#endif /* ATOMICC_PV_H */
