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

typedef struct atomicc_pv {
    unsigned n;                     /* requests collected */
    unsigned outermost;             /* this block took the locks */
    __UINT32_TYPE__ ent[ATOMICC_PV_MAX];   /* (table index << 3) | mode */
} atomicc_pv_t;

static inline __attribute__((always_inline)) void atomicc_pv_init(atomicc_pv_t *pv)
{
    pv->n = 0;
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

void atomicc_pv_enter(atomicc_pv_t *pv);
void atomicc_pv_leave(atomicc_pv_t *pv);
void atomicc_pv_retry(atomicc_pv_t *pv);
atomicc_jmpbuf_t *atomicc_pv_jmpbuf(atomicc_pv_t *pv);

#endif /* ATOMICC_PV_H */
