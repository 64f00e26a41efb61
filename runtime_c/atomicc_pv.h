/* atomicc_pv.h - runtime interface of the `pervar` strategy (included by
 * atomicc_rt.h).
 *
 * A block lowered with per-location locks collects its lock requests at
 * entry, then takes them all in one global order:
 *
 *     { atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
 *       atomicc_pv_init(&pv);
 *       atomicc_pv_class(&pv, 17u, ATOMICC_IX);          a whole alias class
 *       atomicc_pv_addr(&pv, &bank[from], ATOMICC_W);    one object
 *       atomicc_pv_addr(&pv, &bank[to], ATOMICC_W);
 *       atomicc_pv_enter(&pv);
 *       { S } }
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
 * A thread already inside an atomic block (a function with a block called
 * from inside another) joins the outer block: the compiler includes the
 * callee's locations in the outer block's lock set.
 *
 * retry: atomicc_pv_retry() undoes the logged stores, releases every lock,
 * sleeps until another block commits, retakes the same locks and returns
 * (the caller jumps back to its restart label); from a dynamically nested
 * block it restarts the outermost block through its atomicc_pv_jmpbuf().
 */
#ifndef ATOMICC_PV_H
#define ATOMICC_PV_H


#ifndef ATOMICC_PV_MAX
#define ATOMICC_PV_MAX 64           /* requests per block (the compiler uses <= 48 + classes) */
#endif
#define ATOMICC_PV_CLASSES 256u     /* must match compiler/lower/strategy.py CLASS_SLOTS */
#define ATOMICC_PV_STRIPE_BITS 12
#define ATOMICC_PV_STRIPES (1u << ATOMICC_PV_STRIPE_BITS)

enum { ATOMICC_IS = 1, ATOMICC_IX = 2, ATOMICC_S = 3, ATOMICC_X = 4 };
#define ATOMICC_R ATOMICC_S
#define ATOMICC_W ATOMICC_X

struct atomicc__pv_lock;

typedef struct atomicc_pv {
    unsigned n;                     /* requests collected */
    unsigned char outermost;        /* this block took the locks */
    unsigned char retryable;        /* the block can retry: keep an undo log */
    unsigned char fast;             /* taken by the inlined path: release fl[0..fn) */
    unsigned char fn;
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
    /* Fibonacci hashing of the address: neighbouring objects spread out. */
    __UINT64_TYPE__ a = (__UINT64_TYPE__)(__UINTPTR_TYPE__)addr >> 3;
    return (__UINT32_TYPE__)((a * 0x9E3779B97F4A7C15ull) >> (64 - ATOMICC_PV_STRIPE_BITS));
}

static inline __attribute__((always_inline)) void atomicc_pv_addr(atomicc_pv_t *pv, const void *addr,
                                                                 unsigned mode)
{
    if (__builtin_expect(pv->n < ATOMICC_PV_MAX, 1))
        pv->ent[pv->n++] = ((ATOMICC_PV_CLASSES + atomicc_pv_stripe(addr)) << 3) | mode;
}

static inline __attribute__((always_inline)) void atomicc_pv_class(atomicc_pv_t *pv, unsigned slot,
                                                                  unsigned mode)
{
    if (__builtin_expect(pv->n < ATOMICC_PV_MAX, 1))
        pv->ent[pv->n++] = ((slot % ATOMICC_PV_CLASSES) << 3) | mode;
}

void atomicc_pv_retry(atomicc_pv_t *pv);
atomicc_jmpbuf_t *atomicc_pv_jmpbuf(atomicc_pv_t *pv);

/* ---- the fast path, inlined into the block ---------------------------------
 * An outermost block that cannot retry, with at most two requests, none of
 * them contended: sort the two, take each with one CAS, release each with one
 * atomic subtraction.  Everything else (nesting, retry, contention, parked
 * waiters, more requests) goes to the out-of-line functions in pervar.c. */
struct atomicc__pv_lock {
    unsigned word;     /* X bit 31 | S count <<20 | IX count <<10 | IS count */
    unsigned waiters;  /* threads parked on this word */
} __attribute__((aligned(64)));
extern struct atomicc__pv_lock atomicc__pv_table[];
extern __thread unsigned atomicc__pv_depth;
extern unsigned atomicc__pv_retry_waiters;
/* per mode: what a holder adds to the word; the bits that must be clear */
static const unsigned atomicc__pv_mode_inc[5] = { 0, 1u, 1u << 10, 1u << 20, 0x80000000u };
static const unsigned atomicc__pv_mode_block[5] = { 0, 0x80000000u, 0x80000000u | (0x7ffu << 20),
                                                    0x80000000u | (0x3ffu << 10), ~0u };

void atomicc__pv_enter_slow(atomicc_pv_t *pv, unsigned from);
void atomicc__pv_leave_slow(atomicc_pv_t *pv);
void atomicc__pv_wake(struct atomicc__pv_lock *l);
void atomicc__pv_commit_wake(void);

static inline __attribute__((always_inline)) int atomicc__pv_try(__UINT32_TYPE__ e)
{
    struct atomicc__pv_lock *l = &atomicc__pv_table[e >> 3];
    unsigned w = __atomic_load_n(&l->word, __ATOMIC_RELAXED);
    return (w & atomicc__pv_mode_block[e & 7u]) == 0 &&
           __atomic_compare_exchange_n(&l->word, &w, w + atomicc__pv_mode_inc[e & 7u], 0, __ATOMIC_ACQUIRE,
                                       __ATOMIC_RELAXED);
}

static inline __attribute__((always_inline)) void atomicc__pv_release(__UINT32_TYPE__ e)
{
    struct atomicc__pv_lock *l = &atomicc__pv_table[e >> 3];
    __atomic_fetch_sub(&l->word, atomicc__pv_mode_inc[e & 7u], __ATOMIC_SEQ_CST);
    if (__builtin_expect(__atomic_load_n(&l->waiters, __ATOMIC_SEQ_CST) != 0, 0))
        atomicc__pv_wake(l);
}

static inline __attribute__((always_inline)) void atomicc_pv_enter(atomicc_pv_t *pv)
{
    unsigned n = pv->n;
    if (__builtin_expect(atomicc__pv_depth != 0 || n > 2 || n == 0 || pv->retryable, 0)) {
        atomicc__pv_enter_slow(pv, 0);
        return;
    }
    __UINT32_TYPE__ a = pv->ent[0];
    if (n == 2) {
        __UINT32_TYPE__ b = pv->ent[1];
        if ((a >> 3) == (b >> 3)) {          /* one lock: merge the modes (slow path) */
            atomicc__pv_enter_slow(pv, 0);
            return;
        }
        if (a > b) {
            __UINT32_TYPE__ t = a;
            a = b;
            b = t;
            pv->ent[0] = a;
            pv->ent[1] = b;
        }
        if (__builtin_expect(!atomicc__pv_try(a), 0)) {
            atomicc__pv_enter_slow(pv, 0);
            return;
        }
        if (__builtin_expect(!atomicc__pv_try(b), 0)) {
            atomicc__pv_enter_slow(pv, 1);
            return;
        }
    } else if (__builtin_expect(!atomicc__pv_try(a), 0)) {
        atomicc__pv_enter_slow(pv, 0);
        return;
    }
    pv->outermost = 1;
    atomicc__pv_depth = 1;
}

/* The common shape, emitted by the compiler when a block that cannot retry
 * needs one or two object locks and no class lock. */
static inline __attribute__((always_inline)) void atomicc_pv_enter1(atomicc_pv_t *pv, const void *p, unsigned m)
{
    pv->retryable = 0;
    pv->fast = 0;
    pv->n = 1;
    pv->ent[0] = ((ATOMICC_PV_CLASSES + atomicc_pv_stripe(p)) << 3) | m;
    if (__builtin_expect(atomicc__pv_depth != 0 || !atomicc__pv_try(pv->ent[0]), 0)) {
        atomicc__pv_enter_slow(pv, 0);
        return;
    }
    pv->fast = 1;
    pv->fn = 1;
    pv->fl[0] = &atomicc__pv_table[pv->ent[0] >> 3];
    pv->fi[0] = atomicc__pv_mode_inc[m];
    pv->outermost = 1;
    atomicc__pv_depth = 1;
}

static inline __attribute__((always_inline)) void atomicc_pv_enter2(atomicc_pv_t *pv, const void *p, unsigned m,
                                                                   const void *q, unsigned mq)
{
    __UINT32_TYPE__ a = ((ATOMICC_PV_CLASSES + atomicc_pv_stripe(p)) << 3) | m;
    __UINT32_TYPE__ b = ((ATOMICC_PV_CLASSES + atomicc_pv_stripe(q)) << 3) | mq;
    if (a > b) {
        __UINT32_TYPE__ t = a;
        a = b;
        b = t;
    }
    pv->retryable = 0;
    pv->fast = 0;
    pv->n = 2;
    pv->ent[0] = a;
    pv->ent[1] = b;
    if (__builtin_expect(atomicc__pv_depth != 0 || (a >> 3) == (b >> 3), 0)) {
        atomicc__pv_enter_slow(pv, 0);      /* nested, or one lock twice: merge */
        return;
    }
    if (__builtin_expect(!atomicc__pv_try(a), 0)) {
        atomicc__pv_enter_slow(pv, 0);
        return;
    }
    if (__builtin_expect(!atomicc__pv_try(b), 0)) {
        atomicc__pv_enter_slow(pv, 1);
        return;
    }
    pv->fast = 1;
    pv->fn = 2;
    pv->fl[0] = &atomicc__pv_table[a >> 3];
    pv->fl[1] = &atomicc__pv_table[b >> 3];
    pv->fi[0] = atomicc__pv_mode_inc[a & 7u];
    pv->fi[1] = atomicc__pv_mode_inc[b & 7u];
    pv->outermost = 1;
    atomicc__pv_depth = 1;
}

static inline __attribute__((always_inline)) void atomicc__pv_drop(struct atomicc__pv_lock *l, unsigned inc)
{
    __atomic_fetch_sub(&l->word, inc, __ATOMIC_SEQ_CST);
    if (__builtin_expect(__atomic_load_n(&l->waiters, __ATOMIC_SEQ_CST) != 0, 0))
        atomicc__pv_wake(l);
}

static inline __attribute__((always_inline)) void atomicc_pv_leave(atomicc_pv_t *pv)
{
    if (__builtin_expect(!pv->fast, 0)) {
        atomicc__pv_leave_slow(pv);
        return;
    }
    atomicc__pv_depth = 0;
    if (pv->fn == 2)
        atomicc__pv_drop(pv->fl[1], pv->fi[1]);
    atomicc__pv_drop(pv->fl[0], pv->fi[0]);
    if (__builtin_expect(__atomic_load_n(&atomicc__pv_retry_waiters, __ATOMIC_SEQ_CST) != 0, 0))
        atomicc__pv_commit_wake();
}

#endif /* ATOMICC_PV_H */
