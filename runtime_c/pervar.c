/* pervar.c - strategy `pervar`: per-location hierarchical locks taken at
 * block entry in one global order (see atomicc_pv.h for the contract).
 *
 * Lock word (32 bits, one per 64-byte line):
 *   bit 31      X held
 *   bits 20-30  S holders
 *   bits 10-19  IX holders
 *   bits 0-9    IS holders
 * Compatibility: IS with IS/IX/S; IX with IS/IX; S with IS/S; X with none.
 * A request that cannot be granted spins a bounded number of rounds, then
 * registers as a waiter on the line and parks on the word (futex); releases
 * wake parked threads only when the line has waiters.
 *
 * retry: like the global strategy, a commit sequence number bumped by
 * committing blocks while some thread waits; a waiter sleeps on it.
 */
#define ATOMICC__BUILDING_RUNTIME 1
#include "atomicc_rt.h"
#include "atomicc_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef ATOMICC_PV_SPIN
#define ATOMICC_PV_SPIN 128
#endif

#define XBIT 0x80000000u
#define S_ONE (1u << 20)
#define IX_ONE (1u << 10)
#define IS_ONE 1u
#define S_MASK (0x7ffu << 20)
#define IX_MASK (0x3ffu << 10)

struct pv_lock {
    unsigned word;
    unsigned waiters;
} __attribute__((aligned(ATOMICC_CACHE_LINE)));

static struct pv_lock table[ATOMICC_PV_CLASSES + ATOMICC_PV_STRIPES];

static struct {
    unsigned seq;
    unsigned waiters;
} pv_commit __attribute__((aligned(ATOMICC_CACHE_LINE)));

struct pv_tls {
    unsigned depth;
    size_t mark;
    atomicc_pv_t *outer;
    int restart_registered;
    atomicc_jmpbuf_t restart;
    atomicc_jmpbuf_t scratch;
};
static __thread struct pv_tls tl;

static inline unsigned inc_of(unsigned mode)
{
    switch (mode) {
    case ATOMICC_IS: return IS_ONE;
    case ATOMICC_IX: return IX_ONE;
    case ATOMICC_S: return S_ONE;
    default: return XBIT;
    }
}

static inline int compatible(unsigned w, unsigned mode)
{
    switch (mode) {
    case ATOMICC_IS: return !(w & XBIT);
    case ATOMICC_IX: return !(w & (XBIT | S_MASK));
    case ATOMICC_S: return !(w & (XBIT | IX_MASK));
    default: return w == 0;
    }
}

static inline int try_acquire(struct pv_lock *l, unsigned mode)
{
    unsigned w = __atomic_load_n(&l->word, __ATOMIC_RELAXED);
    while (compatible(w, mode)) {
        if (__atomic_compare_exchange_n(&l->word, &w, w + inc_of(mode), 1, __ATOMIC_ACQUIRE,
                                        __ATOMIC_RELAXED))
            return 1;
    }
    return 0;
}

static __attribute__((noinline)) void acquire_slow(struct pv_lock *l, unsigned mode)
{
    for (int i = 0; i < ATOMICC_PV_SPIN; i++) {
        atomicc__cpu_relax();
        if (try_acquire(l, mode))
            return;
    }
    for (;;) {
        __atomic_fetch_add(&l->waiters, 1, __ATOMIC_SEQ_CST);
        unsigned w = __atomic_load_n(&l->word, __ATOMIC_SEQ_CST);
        if (!compatible(w, mode))
            atomicc__park(&l->word, w);
        __atomic_fetch_sub(&l->waiters, 1, __ATOMIC_RELAXED);
        if (try_acquire(l, mode))
            return;
    }
}

static inline void acquire(struct pv_lock *l, unsigned mode)
{
    if (__builtin_expect(!try_acquire(l, mode), 0))
        acquire_slow(l, mode);
}

static inline void release(struct pv_lock *l, unsigned mode)
{
    __atomic_fetch_sub(&l->word, inc_of(mode), __ATOMIC_SEQ_CST);
    if (__builtin_expect(__atomic_load_n(&l->waiters, __ATOMIC_SEQ_CST) != 0, 0))
        atomicc__unpark(&l->word, -1);
}

static unsigned combine(unsigned a, unsigned b)
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
 * and merge requests for the same lock into the strongest mode. */
static void normalize(atomicc_pv_t *pv)
{
    uint32_t *e = pv->ent;
    unsigned n = pv->n;
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

static void acquire_all(atomicc_pv_t *pv)
{
    for (unsigned i = 0; i < pv->n; i++)
        acquire(&table[pv->ent[i] >> 3], pv->ent[i] & 7u);
}

static int release_all(atomicc_pv_t *pv)
{
    int wrote = 0;
    for (unsigned i = pv->n; i-- > 0;) {
        unsigned mode = pv->ent[i] & 7u;
        wrote |= mode == ATOMICC_X || mode == ATOMICC_IX;
        release(&table[pv->ent[i] >> 3], mode);
    }
    return wrote;
}

void atomicc_pv_enter(atomicc_pv_t *pv)
{
    struct pv_tls *t = &tl;
    if (__builtin_expect(t->depth != 0, 0)) {
        /* dynamic nesting: the outermost block already holds these locations */
        pv->outermost = 0;
        t->depth++;
        return;
    }
    pv->outermost = 1;
    normalize(pv);
    acquire_all(pv);
    t->depth = 1;
    t->outer = pv;
    t->restart_registered = 0;
    t->mark = atomicc__undo_begin();
}

void atomicc_pv_leave(atomicc_pv_t *pv)
{
    struct pv_tls *t = &tl;
    if (!pv->outermost) {
        t->depth--;
        return;
    }
    t->depth = 0;
    t->outer = NULL;
    atomicc__undo_end(t->mark);
    release_all(pv);
    if (__builtin_expect(__atomic_load_n(&pv_commit.waiters, __ATOMIC_SEQ_CST) != 0, 0)) {
        __atomic_fetch_add(&pv_commit.seq, 1, __ATOMIC_SEQ_CST);
        atomicc__unpark(&pv_commit.seq, -1);
    }
}

static __attribute__((noreturn, cold)) void die(const char *msg)
{
    fputs(msg, stderr);
    fflush(stderr);
    abort();
}

/* Undo, release, sleep until some block commits, retake the locks. */
static void wait_and_retake(atomicc_pv_t *outer)
{
    struct pv_tls *t = &tl;
    atomicc__undo_restore(t->mark);
    unsigned seen = __atomic_load_n(&pv_commit.seq, __ATOMIC_SEQ_CST);
    __atomic_fetch_add(&pv_commit.waiters, 1, __ATOMIC_SEQ_CST);
    release_all(outer);
    int spins = ATOMICC_PV_SPIN;
    while (__atomic_load_n(&pv_commit.seq, __ATOMIC_SEQ_CST) == seen) {
        if (spins > 0) {
            spins--;
            atomicc__cpu_relax();
        } else {
            atomicc__park(&pv_commit.seq, seen);
        }
    }
    __atomic_fetch_sub(&pv_commit.waiters, 1, __ATOMIC_SEQ_CST);
    acquire_all(outer);
}

void atomicc_pv_retry(atomicc_pv_t *pv)
{
    struct pv_tls *t = &tl;
    if (t->depth == 0 || t->outer == NULL)
        die("atomicc: retry outside an atomic block\n");
    if (pv->outermost) {
        wait_and_retake(pv);
        return;
    }
    if (!t->restart_registered)
        die("atomicc: retry inside a nested atomic block whose outermost block cannot restart\n");
    wait_and_retake(t->outer);
    t->depth = 1;
    __builtin_longjmp(t->restart, 1);
}

atomicc_jmpbuf_t *atomicc_pv_jmpbuf(atomicc_pv_t *pv)
{
    struct pv_tls *t = &tl;
    if (pv->outermost) {
        t->restart_registered = 1;
        return &t->restart;
    }
    return &t->scratch;
}
