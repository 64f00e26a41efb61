/* global_lock.c - strategy `global`: one process-wide recursive lock.
 *
 * The lock word (own cache line) is a three-state futex mutex:
 *   0 free, 1 held, 2 held and some thread may be parked on the word.
 * Acquire: one CAS 0->1 uncontended; otherwise spin a bounded number of
 * rounds (pause) trying to grab a free lock, then park: swap in 2 and sleep
 * on the futex until the swap returns 0.  Release: swap in 0; if the old
 * value was 2, wake one parked thread.  Recursion is a per-thread depth: only
 * the outermost enter/leave touch the lock word.
 *
 * retry: the commit sequence (another cache line) is bumped by every
 * outermost commit while some thread waits in retry; a waiter reads it while
 * still holding the lock, releases the lock, spins briefly, then sleeps on
 * the futex until the sequence differs from what it read.  Because the read
 * and the waiter count increment happen under the lock, every commit that
 * follows the release is seen: no lost wakeups.
 */
#undef _FORTIFY_SOURCE /* keep longjmp the one ThreadSanitizer intercepts */
#define ATOMICC__BUILDING_RUNTIME 1
#include "atomicc_rt.h"
#include "atomicc_internal.h"

#include <setjmp.h>
_Static_assert(sizeof(jmp_buf) <= sizeof(struct atomicc__sjbuf), "atomicc__sjbuf too small for jmp_buf");
#include <stdio.h>
#include <stdlib.h>

#define LOCK_FREE 0u
#define LOCK_HELD 1u
#define LOCK_CONTENDED 2u

/* Rounds of `pause` before a lock waiter parks / a retry waiter sleeps.
 * A round is ~40 ns (pause) on recent x86: a few microseconds in all, long
 * enough to cover a typical critical section, short enough not to burn a
 * time slice when the holder has been descheduled. */
#ifndef ATOMICC_LOCK_SPIN
#define ATOMICC_LOCK_SPIN 128
#endif
#ifndef ATOMICC_RETRY_SPIN
#define ATOMICC_RETRY_SPIN 64
#endif

static struct {
    unsigned word;
} g_lock __attribute__((aligned(ATOMICC_CACHE_LINE)));

static struct {
    unsigned seq;     /* commit sequence number (written under the lock) */
    unsigned waiters; /* threads waiting in retry */
} g_commit __attribute__((aligned(ATOMICC_CACHE_LINE)));

/* Room for either kind of restart point: __builtin_setjmp's 5 words, or a
 * C library jmp_buf (used by ThreadSanitizer builds, see atomicc_rt.h). */
union restart_buf {
    atomicc_jmpbuf_t words;
    atomicc__sjbuf_t libc;
    jmp_buf real;          /* the same storage, as <setjmp.h> types it */
};

enum { RESTART_NONE, RESTART_BUILTIN, RESTART_LIBC };

/* Per-thread state of the `global` strategy. */
struct global_tls {
    unsigned long depth;       /* 0: not inside an atomic block */
    size_t outer_mark;         /* undo-log mark of the outermost block */
    int restart_kind;          /* how the outermost block registered, if it did */
    union restart_buf restart; /* the outermost block's restart point */
    union restart_buf scratch; /* handed to inner blocks; never jumped to */
};
static __thread struct global_tls tl;

/* ---- the lock ------------------------------------------------------------ */

static __attribute__((noinline)) void lock_acquire_slow(void)
{
    unsigned *w = &g_lock.word;
    for (int i = 0; i < ATOMICC_LOCK_SPIN; i++) {
        atomicc__cpu_relax();
        unsigned v = __atomic_load_n(w, __ATOMIC_RELAXED);
        if (v == LOCK_FREE &&
            __atomic_compare_exchange_n(w, &v, LOCK_HELD, 0, __ATOMIC_ACQUIRE,
                                        __ATOMIC_RELAXED))
            return;
    }
    /* Park.  Taking the lock with 2 (not 1) keeps the release from skipping
     * the wake of threads still parked. */
    while (__atomic_exchange_n(w, LOCK_CONTENDED, __ATOMIC_ACQUIRE) != LOCK_FREE)
        atomicc__park(w, LOCK_CONTENDED);
}

static inline void lock_acquire(void)
{
    unsigned expected = LOCK_FREE;
    if (__builtin_expect(!__atomic_compare_exchange_n(&g_lock.word, &expected, LOCK_HELD, 0,
                                                      __ATOMIC_ACQUIRE, __ATOMIC_RELAXED),
                         0))
        lock_acquire_slow();
}

static inline void lock_release(void)
{
    if (__builtin_expect(__atomic_exchange_n(&g_lock.word, LOCK_FREE, __ATOMIC_RELEASE) ==
                             LOCK_CONTENDED,
                         0))
        atomicc__unpark(&g_lock.word, 1);
}

/* Called holding the lock (and with the block's effects undone): releases
 * the lock, sleeps until some other thread commits, takes the lock again. */
static void wait_for_commit(void)
{
    unsigned *seq = &g_commit.seq;
    unsigned seen = __atomic_load_n(seq, __ATOMIC_RELAXED);
    __atomic_fetch_add(&g_commit.waiters, 1, __ATOMIC_RELAXED);
    lock_release(); /* publishes the waiter count to the next committer */
    int spins = ATOMICC_RETRY_SPIN;
    while (__atomic_load_n(seq, __ATOMIC_ACQUIRE) == seen) {
        if (spins > 0) {
            spins--;
            atomicc__cpu_relax();
        } else {
            atomicc__park(seq, seen);
        }
    }
    lock_acquire();
    __atomic_fetch_sub(&g_commit.waiters, 1, __ATOMIC_RELAXED);
}

static __attribute__((noreturn, cold)) void die(const char *msg)
{
    fputs(msg, stderr);
    fflush(stderr);
    abort();
}

/* ---- the compiler contract --------------------------------------------- */

atomicc_guard_t atomicc_global_enter(void)
{
    struct global_tls *t = &tl;
    unsigned long d = t->depth;
    size_t mark;
    if (__builtin_expect(d == 0, 1)) {
        lock_acquire();
        t->restart_kind = RESTART_NONE;
        mark = t->outer_mark = atomicc__undo_begin();
    } else {
        mark = atomicc__undo_mark();
    }
    t->depth = d + 1;
    atomicc_guard_t g = { d + 1, mark };
    return g;
}

void atomicc_global_leave(atomicc_guard_t *g)
{
    struct global_tls *t = &tl;
    unsigned long d = g->depth;
    if (__builtin_expect(d != 1, 0)) {
        t->depth = d - 1; /* inner block: the outermost one commits */
        return;
    }
    t->depth = 0;
    atomicc__undo_end(t->outer_mark);
    if (__builtin_expect(__atomic_load_n(&g_commit.waiters, __ATOMIC_RELAXED) != 0, 0)) {
        /* Only lock holders write seq, so a plain increment is race-free. */
        __atomic_store_n(&g_commit.seq, __atomic_load_n(&g_commit.seq, __ATOMIC_RELAXED) + 1,
                         __ATOMIC_RELEASE);
        lock_release();
        atomicc__unpark(&g_commit.seq, -1);
        return;
    }
    lock_release();
}

void atomicc_global_retry(atomicc_guard_t *g)
{
    struct global_tls *t = &tl;
    if (t->depth == 0 || g->depth == 0)
        die("atomicc: retry outside an atomic block\n");
    int nested = g->depth != 1;
    if (nested && t->restart_kind == RESTART_NONE)
        die("atomicc: retry inside a nested atomic block whose outermost block cannot restart\n");
    atomicc__undo_restore(t->outer_mark);
    wait_for_commit();
    if (nested) {
        /* Restart the outermost block: its frame is live (we run inside it);
         * the inner guards' cleanups are skipped, so fix the depth here. */
        t->depth = 1;
        if (t->restart_kind == RESTART_LIBC)
            longjmp(t->restart.real, 1);
        __builtin_longjmp(t->restart.words, 1);
    }
}

atomicc_jmpbuf_t *atomicc_global_jmpbuf(atomicc_guard_t *g)
{
    struct global_tls *t = &tl;
    if (g->depth == 1) {
        t->restart_kind = RESTART_BUILTIN;
        return &t->restart.words;
    }
    return &t->scratch.words;
}

/* The same for a restart point taken with _setjmp (ThreadSanitizer builds). */
atomicc__sjbuf_t *atomicc__global_jmpbuf_libc(atomicc_guard_t *g)
{
    struct global_tls *t = &tl;
    if (g->depth == 1) {
        t->restart_kind = RESTART_LIBC;
        return &t->restart.libc;
    }
    return &t->scratch.libc;
}

const char *atomicc_runtime_version(void)
{
    return "atomicc-runtime 0.1.0 (strategies: global)";
}
