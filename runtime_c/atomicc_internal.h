/* atomicc_internal.h - private helpers shared by the runtime's .c files.
 * Not part of the compiler contract; user programs never include it. */
#ifndef ATOMICC_INTERNAL_H
#define ATOMICC_INTERNAL_H

#ifndef ATOMICC__BUILDING_RUNTIME
#define ATOMICC__BUILDING_RUNTIME 1
#endif
#include "atomicc_rt.h"

#include <stddef.h>

#define ATOMICC_CACHE_LINE 64

/* One CPU-friendly busy-wait step (never used for unbounded spinning). */
static inline void atomicc__cpu_relax(void)
{
#if defined(ATOMICC_SIM)
    atomicc__sim_spin(); /* the simulator's yield hint (runtime_c/sim/atomicc_sim.h) */
#elif defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield" ::: "memory");
#else
    __asm__ __volatile__("" ::: "memory");
#endif
}

/* Parking on a 32-bit word (futex semantics): atomicc__park(w, v) sleeps
 * only while *w == v (re-checked atomically with going to sleep, so no wakeup
 * is lost) and may return spuriously; atomicc__unpark(w, n) wakes up to n
 * threads parked on w (n < 0: all).  Linux: futex; elsewhere: emulated with
 * one pthread mutex + condition variable. */
void atomicc__park(unsigned *word, unsigned expected);
/* The same, but sleeps at most about `ns` nanoseconds. */
void atomicc__park_timed(unsigned *word, unsigned expected, long ns);
void atomicc__unpark(unsigned *word, int n);
/* The parking side of the asymmetric fence that lets a lock release with a
 * plain store (park.c): returns 1 if it ran, 0 if it could not or was
 * skipped as slow (the caller then sleeps with a timeout of at most 1 ms). */
int atomicc__park_fence(void);

/* The watchdog (park.c).  ATOMICC_WATCHDOG=SECONDS in the environment (read
 * once: by a constructor, or by the first wait that comes earlier; unset,
 * empty or 0: off) makes a thread that has waited longer than that to get
 * into (or through) an atomic block print, once per wait,
 *   atomicc: watchdog: thread T has waited S s to enter the atomic block at
 *   FILE:LINE (STRATEGY, waits for: WHAT)
 * on stderr.  Only the runtime's slow paths use it: a wait starts with
 * atomicc__wd_begin(), which costs one load and a predictable branch while
 * the watchdog is off, and then parks with atomicc__wd_park() (a plain
 * atomicc__park() while off; while on, a timed park that wakes at the
 * deadline to report) or polls with atomicc__wd_poll() between timed
 * sleeps.  `where` is the "FILE:LINE" string the lowered code passes
 * (ATOMICC__WHERE in atomicc_rt.h; NULL when a caller has none).  In a
 * simulator build (ATOMICC_SIM) the watchdog does not exist: the simulator
 * has its own deadlock detector and no real time may be read there. */
struct atomicc__wd {
    long long deadline;     /* CLOCK_MONOTONIC ns; 0: off, or already reported */
    long long start;
    const char *where;
    const char *strategy;
    const char *what;
    unsigned long count;    /* stm: aborts in this episode (0: not shown) */
    int leaving;            /* set by the caller: the wait is at the block's end */
};
/* A contended acquisition of one of the runtime's lock words: in a
 * simulator build the slow path reports how long it waited (from its first
 * failed try to owning the lock) to the simulator's report, "lock wait
 * cycles" and "contended acquisitions" (runtime locks); nothing natively. */
#if defined(ATOMICC_SIM)
typedef unsigned long long atomicc__wait_t;
static inline atomicc__wait_t atomicc__wait_start(void)
{
    return atomicc__sim_now();
}
static inline void atomicc__wait_done(const volatile void *lock, atomicc__wait_t t0)
{
    atomicc__sim_lock_wait(lock, atomicc__sim_now() - t0);
}
#else
typedef int atomicc__wait_t;
static inline atomicc__wait_t atomicc__wait_start(void)
{
    return 0;
}
static inline void atomicc__wait_done(const volatile void *lock, atomicc__wait_t t0)
{
    (void)lock;
    (void)t0;
}
#endif

#if defined(ATOMICC_SIM)
static inline void atomicc__wd_begin(struct atomicc__wd *w, const char *where, const char *strategy,
                                     const char *what)
{
    (void)where;
    (void)strategy;
    (void)what;
    w->deadline = 0;
}
static inline void atomicc__wd_poll(struct atomicc__wd *w)
{
    (void)w;
}
static inline void atomicc__wd_park(struct atomicc__wd *w, unsigned *word, unsigned expected)
{
    (void)w;
    atomicc__park(word, expected);
}
#else
extern long long atomicc__wd_ns;     /* -1: not read yet; 0: off; else the limit in ns */
void atomicc__wd_start(struct atomicc__wd *w, const char *where, const char *strategy, const char *what);
void atomicc__wd_check(struct atomicc__wd *w);
void atomicc__wd_park_slow(struct atomicc__wd *w, unsigned *word, unsigned expected);
static inline void atomicc__wd_begin(struct atomicc__wd *w, const char *where, const char *strategy,
                                     const char *what)
{
    w->deadline = 0;
    if (__builtin_expect(__atomic_load_n(&atomicc__wd_ns, __ATOMIC_RELAXED) != 0, 0))
        atomicc__wd_start(w, where, strategy, what);
}
/* For waits that poll (spin, yield or sleep with a timeout): reports once
 * the deadline has passed. */
static inline void atomicc__wd_poll(struct atomicc__wd *w)
{
    if (__builtin_expect(w->deadline != 0, 0))
        atomicc__wd_check(w);
}
/* atomicc__park(word, expected), woken at the deadline (if not reported
 * yet) to report; returns like atomicc__park (the caller re-checks). */
static inline void atomicc__wd_park(struct atomicc__wd *w, unsigned *word, unsigned expected)
{
    if (__builtin_expect(w->deadline != 0, 0))
        atomicc__wd_park_slow(w, word, expected);
    else
        atomicc__park(word, expected);
}
#endif

/* ATOMICC_SOLO=0 in the environment (see atomicc_rt.h) turns solo mode off
 * for every strategy.  atomicc__solo_allowed() reads the variable once (the
 * first call; pervar.c also calls it from a priority-101 constructor) and
 * says whether solo mode may be used; the registries call it before their
 * first thread registers.  atomicc__solo_off is 1 once the pervar/global
 * registry has seen the switch off (also read by global_lock.c, after the
 * calling thread registered). */
int atomicc__solo_allowed(void);
extern int atomicc__solo_off;

/* Undo log (undo_log.c).  A strategy brackets its outermost atomic block
 * with atomicc__undo_begin / atomicc__undo_end (commit) and may call
 * atomicc__undo_restore (abort) in between; atomicc_undo_log is a no-op
 * outside such a bracket.  A mark is a byte length of the log.  The log
 * itself (struct atomicc__undo_log) is declared in atomicc_rt.h, for the
 * inline fast paths. */
void atomicc__undo_shrink(void);
/* Restores every entry at or after mark, newest first, and drops them. */
void atomicc__undo_restore(size_t mark);

/* Inlined into the strategy's enter function, whose frame sits where the
 * frames of the functions the block calls will be: stores to those frames
 * are not logged, since those frames are gone (and the memory reused) by the
 * time a retry would restore them. */
static inline __attribute__((always_inline)) size_t atomicc__undo_begin(void)
{
    atomicc__tl_undo.active++;
    atomicc__tl_undo.floor = (char *)__builtin_frame_address(0) + 2 * sizeof(void *);
    return atomicc__tl_undo.len;
}

static inline size_t atomicc__undo_mark(void)
{
    return atomicc__tl_undo.len;
}

/* Commit: drops the entries at or after mark and closes the bracket. */
static inline void atomicc__undo_end(size_t mark)
{
    struct atomicc__undo_log *u = &atomicc__tl_undo;
    u->len = mark;
    u->active--;
    if (__builtin_expect(u->cap > ATOMICC__UNDO_KEEP_CAP, 0))
        atomicc__undo_shrink();
}

#endif /* ATOMICC_INTERNAL_H */
