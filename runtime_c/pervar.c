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

#define pv_lock atomicc__pv_lock
struct atomicc__pv_lock atomicc__pv_table[ATOMICC_PV_CLASSES + ATOMICC_PV_STRIPES];
#define table atomicc__pv_table

/* The retry waiters count is read by every committing block (inlined), the
 * sequence number only when someone waits: separate lines. */
unsigned atomicc__pv_retry_waiters __attribute__((aligned(ATOMICC_CACHE_LINE)));
static struct {
    unsigned seq;
} pv_commit __attribute__((aligned(ATOMICC_CACHE_LINE)));

__thread unsigned atomicc__pv_depth;

struct pv_tls {
    size_t mark;
    atomicc_pv_t *outer;
    int restart_registered;
    atomicc_jmpbuf_t restart;
    atomicc_jmpbuf_t scratch;
};
static __thread struct pv_tls tl;

/* Per mode (index = ATOMICC_IS .. ATOMICC_X): what a holder adds to the
 * word, and the bits that must be clear for the request to be granted. */
#define mode_inc atomicc__pv_mode_inc
#define mode_block atomicc__pv_mode_block

static inline unsigned inc_of(unsigned mode)
{
    return mode_inc[mode];
}

static inline int compatible(unsigned w, unsigned mode)
{
    return (w & mode_block[mode]) == 0;
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
    /* The RMW is a full barrier, so a waiter that registered before parking
     * is seen here, or sees the new word before it parks. */
    __atomic_fetch_sub(&l->word, inc_of(mode), __ATOMIC_SEQ_CST);
    if (__builtin_expect(__atomic_load_n(&l->waiters, __ATOMIC_SEQ_CST) != 0, 0))
        atomicc__unpark(&l->word, -1);
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
 * and merge requests for the same lock into the strongest mode. */
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

static inline void acquire_all(atomicc_pv_t *pv)
{
    for (unsigned i = 0; i < pv->n; i++)
        acquire(&table[pv->ent[i] >> 3], pv->ent[i] & 7u);
}

static inline void release_all(atomicc_pv_t *pv)
{
    for (unsigned i = pv->n; i-- > 0;)
        release(&table[pv->ent[i] >> 3], pv->ent[i] & 7u);
}

void atomicc__pv_enter_slow(atomicc_pv_t *pv, unsigned from)
{
    struct pv_tls *t = &tl;
    if (from == 0 && atomicc__pv_depth != 0) {
        /* dynamic nesting: the outermost block already holds these locations */
        pv->outermost = 0;
        atomicc__pv_depth++;
        return;
    }
    if (from == 0)
        normalize(pv);
    uint32_t *e = pv->ent;
    for (unsigned i = from, n = pv->n; i < n; i++) {
        struct pv_lock *l = &table[e[i] >> 3];
        unsigned m = e[i] & 7u;
        unsigned w = __atomic_load_n(&l->word, __ATOMIC_RELAXED);
        if (__builtin_expect((w & mode_block[m]) != 0 ||
                                 !__atomic_compare_exchange_n(&l->word, &w, w + mode_inc[m], 0,
                                                              __ATOMIC_ACQUIRE, __ATOMIC_RELAXED),
                             0))
            acquire_slow(l, m);
    }
    pv->outermost = 1;
    atomicc__pv_depth = 1;
    t->outer = pv;
    if (pv->retryable) {
        t->restart_registered = 0;
        t->mark = atomicc__undo_begin();
    }
}

void atomicc__pv_leave_slow(atomicc_pv_t *pv)
{
    struct pv_tls *t = &tl;
    if (!pv->outermost) {
        atomicc__pv_depth--;
        return;
    }
    atomicc__pv_depth = 0;
    t->outer = NULL;
    if (pv->retryable)
        atomicc__undo_end(t->mark);
    release_all(pv);
    if (__builtin_expect(__atomic_load_n(&atomicc__pv_retry_waiters, __ATOMIC_SEQ_CST) != 0, 0))
        atomicc__pv_commit_wake();
}

void atomicc__pv_wake(struct atomicc__pv_lock *l)
{
    atomicc__unpark(&l->word, -1);
}

void atomicc__pv_commit_wake(void)
{
    __atomic_fetch_add(&pv_commit.seq, 1, __ATOMIC_SEQ_CST);
    atomicc__unpark(&pv_commit.seq, -1);
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
    __atomic_fetch_add(&atomicc__pv_retry_waiters, 1, __ATOMIC_SEQ_CST);
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
    __atomic_fetch_sub(&atomicc__pv_retry_waiters, 1, __ATOMIC_SEQ_CST);
    acquire_all(outer);
}

void atomicc_pv_retry(atomicc_pv_t *pv)
{
    struct pv_tls *t = &tl;
    if (atomicc__pv_depth == 0 || t->outer == NULL)
        die("atomicc: retry outside an atomic block\n");
    if (pv->outermost) {
        wait_and_retake(pv);
        return;
    }
    if (!t->restart_registered)
        die("atomicc: retry inside a nested atomic block whose outermost block cannot restart\n");
    wait_and_retake(t->outer);
    atomicc__pv_depth = 1;
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
