/* atomicc_rt.h - runtime interface of atomicc, the Atomic C compiler.
 *
 * ATOMICC_SOLO=0 in the environment at process start turns the
 * single-thread fast paths ("solo mode", below, in atomicc_pv.h and in
 * atomicc_stm.h) off for the whole run: every `global` block takes the lock
 * word (and the lock also skips its single-threaded-process shortcut),
 * every `pervar` block takes its lock words, every `stm` block runs as an
 * instrumented transaction (atomicc_stm_solo() is always 0), even while
 * only one thread exists.  For tests: short single-threaded runs then still
 * exercise the locked and transactional code.  Only the value "0" turns it
 * off (unset or any other value: solo mode as usual).  The variable is read
 * once, by a priority-101 constructor of the runtime or by the first atomic
 * block of the process if that runs earlier; changing it later has no
 * effect.  Cost: none on the fast paths (the runtime biases its registered
 * thread counts so that the inline "am I alone?" test fails).
 *
 * Limits (each aborts with a message starting "atomicc: " instead of
 * wrapping or dropping silently): a `pervar` block with more than
 * ATOMICC_PV_MAX lock requests (atomicc_pv.h), more than 2047 S holders of
 * one `pervar` lock at once (or 1023 IS or IX holders of an object stripe,
 * which the compiler never requests; a class lock's IS and IX holders are
 * not counted: each thread announces them in its own line), blocks nested more than
 * 2^31 (`pervar`) or 2^63 (`global`) deep, and more than 1023 threads
 * registered with the `stm` runtime at once while no slot comes free for
 * ATOMICC_STM_SLOT_WAIT_MS (10 s; until then the extra thread sleeps until
 * one exits).
 *
 * Waits.  Every wait of the runtime for another thread spins for a bounded
 * time and then sleeps on a futex with a wake-up that cannot be lost, or
 * polls with bounded sleeps; docs/runtime-waits.md lists each and why.
 * ATOMICC_WATCHDOG=SECONDS in the environment (read once; unset or 0: off)
 * makes a wait longer than that print, once,
 *   atomicc: watchdog: thread T has waited S s to enter the atomic block at
 *   FILE:LINE (STRATEGY, waits for: WHAT)
 * The location comes from the macros below (ATOMICC__WHERE: atomicc_global_
 * enter(), atomicc_global_retry(), atomicc_pv_enter*(), atomicc_pv_retry(),
 * atomicc_stm_begin(), atomicc_stm_restart_point(), atomicc_stm_retry()),
 * which hand it only to the out-of-line calls: nothing on the fast paths.
 *
 * Strategy `global`: every atomic block runs under ONE process-wide
 * recursive lock (a spin-then-park futex lock).  The compiler lowers
 *
 *     atomic { S }
 * to
 *     { atomicc_guard_t __atomicc_g1
 *           __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter();
 *       __atomicc_restart_1: ;
 *       { S } }
 *
 * and `retry;` inside that block to
 *
 *     { atomicc_global_retry(&__atomicc_g1); goto __atomicc_restart_1; }
 *
 * - atomicc_global_enter() takes the lock (or enters solo mode, below), or,
 *   in a thread that is already inside a block (dynamic nesting: a function
 *   with an atomic block called from inside another one), only increments
 *   the thread's nesting depth.  The guard it returns by value remembers
 *   that depth and the undo-log mark at entry.
 * - atomicc_global_leave() is the cleanup handler, so it runs on every way
 *   out of the block (fall-through, return, break, continue, goto).  In the
 *   outermost block it commits: it discards the undo log, wakes every thread
 *   waiting in retry (if any), and releases the lock (or leaves solo mode).
 *   In an inner block it only decrements the depth.
 * - In a block that can retry, every store to an lvalue L is written
 *       *ATOMICC_LOGW(&(L)) = value;
 *   ATOMICC_LOGW(p) evaluates p once, records the sizeof *p old bytes at p in
 *   this thread's undo log and yields p.  Outside every atomic block it only
 *   yields p.
 * - atomicc_global_retry(&g) restores, newest first, every byte logged since
 *   the OUTERMOST block was entered.  If g is the outermost block it then
 *   releases the lock (or leaves solo mode: it needs another thread to
 *   commit, so it never sleeps holding `busy`), sleeps until another thread
 *   commits a `global` block, enters again as an outermost block does (solo
 *   if the thread is again the only registered one, else the lock) and
 *   returns: the caller jumps to its restart label.
 *   If g is an inner block (the retry is in a function called from inside
 *   another atomic block), the restart must happen in the outermost block:
 *   that block must have registered a restart point, right after its restart
 *   label, with
 *       if (__builtin_setjmp(*atomicc_global_jmpbuf(&__atomicc_g1))) { }
 *   and retry waits as above and then __builtin_longjmp()s there (depth back
 *   to 1, log back to the outermost mark; the inner guards' cleanups are
 *   skipped on purpose).  Without a registered restart point it prints
 *   "atomicc: retry inside a nested atomic block whose outermost block cannot
 *   restart" and calls abort().
 * - atomicc_global_jmpbuf(&g) returns a pointer to a 5-word __builtin_setjmp
 *   buffer (so both `*atomicc_global_jmpbuf(&g)` and the bare pointer are
 *   valid arguments of __builtin_setjmp).  For the outermost guard it is that
 *   block's restart point and is marked registered; for an inner guard it is a
 *   scratch buffer that is never jumped to (a restart always goes to the
 *   outermost block).  The buffer is per thread; it stays valid because the
 *   outermost block's frame is live whenever a nested retry runs.
 *
 * - Stores to locals of functions that the block calls are not logged
 *   (their frames are gone when a retry restores the log).
 *
 * Solo mode.  The `global` and `pervar` strategies share one thread registry
 * (atomicc__pv_solo {n, busy}, see atomicc_pv.h and pervar.c): a thread
 * registers at its first block of either strategy (so its first global block
 * goes out of line: atomicc__gthread.depth starts with ATOMICC__G_UNREG) and
 * deregisters when it exits.  While exactly one thread is registered, its
 * outermost global blocks do not touch the lock word at all: enter raises
 * busy (a plain store), re-reads n with acquire and, if it is still 1, runs
 * the block (atomicc__gthread.solo = 1); leave clears busy with a release
 * store.  A registering thread waits for busy to clear, so a solo block of
 * either strategy excludes every other block of both; no thread holds the
 * lock while one is solo (only registered threads take it).  A committing
 * solo block still checks `waiters` and wakes retry waiters like any commit
 * (there can be none: a waiter is registered, so n >= 2).  Nested across
 * strategies: a block of one strategy inside a solo block of the other sees
 * busy already raised and takes its locks as usual (busy stays raised until
 * the outer block ends); a retry in such a block dies with a message
 * (sleeping with busy raised would wait forever).  A solo block must not
 * wait for another thread's block (a new thread's first block waits for it).
 *
 * The lock spins briefly, then parks on a futex; its release is a plain
 * store (see global_lock.c).  The outermost enter and leave, solo or
 * uncontended, are static inline functions below (solo: no locked
 * instruction; with the lock: about a spinlock's lock and unlock);
 * everything else calls the runtime.  All state is per thread (__thread)
 * except the lock, its parking state, the commit sequence and the shared
 * registry.  Build: gcc prog.c runtime_c/<all .c files> -Iruntime_c -pthread
 * (every translation unit with the same sanitizer flags as the runtime).
 */
#ifndef ATOMICC_RT_H
#define ATOMICC_RT_H

/* For the program these are system headers (atomicc_pv.h and atomicc_stm.h
 * say so too).  The lowered code of a block or transactional clone in an
 * inline function with external linkage (`inline` in a header) uses the
 * static inline fast paths below, which C11 6.7.4p3 does not allow there:
 * gcc says "'F' is static but used in inline function 'G' which is not
 * static", a warning no -W option turns off, unless the reference is
 * written in a system header.  So the macros the compiler emits expand here,
 * and the fast paths it calls by name are also macros that name them here
 * (e.g. atomicc_stm_begin() below).  The runtime's own build keeps every
 * warning. */
#ifndef ATOMICC__BUILDING_RUNTIME
#pragma GCC system_header
#endif

/* No system header is included here: in its fallback mode the compiler puts
 * this header in front of an already preprocessed translation unit, where a
 * second copy of a libc header would redefine its types.  GCC's predefined
 * __SIZE_TYPE__ etc. stand in for size_t and friends. */

#ifdef __cplusplus
extern "C" {
#endif

/* What an atomic block remembers on entry.  Small: returned in registers. */
typedef struct atomicc_guard {
    unsigned long depth;   /* nesting depth of this block (1 = outermost)  */
    __SIZE_TYPE__ log_mark; /* undo-log length when this block was entered */
} atomicc_guard_t;

/* A __builtin_setjmp buffer: 5 words. */
typedef void *atomicc_jmpbuf_t[5];

/* Where a block or a retry is, for the runtime's messages (the watchdog,
 * see the end of this comment block): "FILE:LINE" of the macro's use, which
 * the compiler's `#line` directives map back to the Atomic C source.  The
 * macros the compiler emits (atomicc_global_enter() and the like) pass it,
 * and the inline fast paths hand it on only to the out-of-line calls. */
#define ATOMICC__STR_(x) #x
#define ATOMICC__STR(x) ATOMICC__STR_(x)
#define ATOMICC__WHERE (__FILE__ ":" ATOMICC__STR(__LINE__))

/* ---- strategy `global` ------------------------------------------------ */
/* (atomicc_global_retry(g) is a macro that passes ATOMICC__WHERE.) */
void atomicc__global_retry_at(atomicc_guard_t *g, const char *where);
atomicc_jmpbuf_t *atomicc_global_jmpbuf(atomicc_guard_t *g);

/* ---- implementation details shared with the inline fast paths ---------
 * (not part of the contract; they change with the runtime, which is always
 * built from the same sources as the program.) */

/* The per-thread undo log (undo_log.c).  A mark is a byte length. */
struct atomicc__undo_log {
    unsigned char *buf;
    __SIZE_TYPE__ len;
    __SIZE_TYPE__ cap;
    unsigned active;        /* open brackets (0 = not inside an atomic block) */
    char *floor;            /* stack below this belongs to frames the block called */
    int key_set;            /* thread-exit destructor registered */
};
extern __thread struct atomicc__undo_log atomicc__tl_undo;
#define ATOMICC__UNDO_KEEP_CAP ((__SIZE_TYPE__)1 << 20) /* shrink after a commit above */

/* Simulator accounting (--target=sim): every outermost commit and every STM
 * abort is reported to the simulator for its end-of-run report.  Nothing in
 * native builds. */
#if defined(ATOMICC_SIM)
#define ATOMICC__SIM_COMMIT(strategy) atomicc__sim_commit(strategy)
#define ATOMICC__SIM_ABORT(strategy) atomicc__sim_abort(strategy)
#else
#define ATOMICC__SIM_COMMIT(strategy) ((void)0)
#define ATOMICC__SIM_ABORT(strategy) ((void)0)
#endif

/* The global lock: the lock word, the parking state and the commit sequence,
 * each on its own cache line. */
struct atomicc__global_lock {
    unsigned word;          /* 0 free, 1 held */
    unsigned handoff;       /* 0; 1: a starving waiter asks the holder to hand
                             * the lock over at release; 2: handed over */
    char pad0[64 - 2 * sizeof(unsigned)];
    unsigned parked;        /* threads in the parking loop */
    unsigned woken;         /* a wake is pending */
    unsigned gate;          /* futex word the parked threads sleep on */
    int asym;               /* 1: membarrier registered, release needs no fence */
    char pad1[64 - 4 * sizeof(unsigned)];
    unsigned seq;           /* commit sequence number (written under the lock) */
    unsigned waiters;       /* threads waiting in retry */
    unsigned sleeping;      /* how many of those may sleep on seq (futex):
                             * a commit wakes them while it is not 0 */
    char pad2[64 - 3 * sizeof(unsigned)];
} __attribute__((aligned(64)));
extern struct atomicc__global_lock atomicc__glock;

/* This thread's state of the `global` strategy. */
struct atomicc__global_thread {
    unsigned long depth;    /* 0: not inside an atomic block; ATOMICC__G_UNREG
                             * while the thread is not registered for solo mode */
    __SIZE_TYPE__ outer_mark; /* undo-log mark of the outermost block */
    int restart_kind;       /* how the outermost block registered, if it did */
    int solo;               /* the running outermost block is solo (holds busy) */
};
#define ATOMICC__G_UNREG (~0ul ^ (~0ul >> 1)) /* the top bit */
extern __thread struct atomicc__global_thread atomicc__gthread;

/* The out-of-line versions (also exported as atomicc_global_enter/leave;
 * `where`: the block's ATOMICC__WHERE, or NULL). */
atomicc_guard_t atomicc__global_enter_ool(const char *where);
void atomicc__global_leave_ool(atomicc_guard_t *g);
void atomicc__global_wake_parked(void);
void atomicc__global_hand_over(void);


/* ThreadSanitizer keeps a shadow call stack that __builtin_longjmp does not
 * unwind (after ~65,000 nested restarts a thread's shadow stack overflows and
 * TSan crashes), while it does unwind the C library's longjmp.  So, in TSan
 * builds only, the restart point is taken with the (intercepted) _setjmp and
 * the runtime jumps back with longjmp: the compiler's text stays the same,
 * `atomicc_global_jmpbuf` names a variant returning a jmp_buf, and
 * `__builtin_setjmp` dispatches on its argument's type (any other buffer
 * still goes to the real builtin).  Mixing TSan and plain translation units
 * is fine: the runtime keeps both kinds of restart point. */
#if defined(__SANITIZE_THREAD__)
#define ATOMICC__TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define ATOMICC__TSAN 1
#endif
#endif

#if defined(ATOMICC__TSAN) || defined(ATOMICC__BUILDING_RUNTIME)
/* Room for the C library's jmp_buf (the runtime checks the size), without
 * including <setjmp.h>; `atomicc__setjmp` is the library's _setjmp under
 * another C name (an asm label), so it cannot clash with <setjmp.h>. */
struct atomicc__sjbuf { long long jb[64] __attribute__((aligned(16))); };
typedef struct atomicc__sjbuf atomicc__sjbuf_t[1];
atomicc__sjbuf_t *atomicc__global_jmpbuf_libc(atomicc_guard_t *g);
extern int atomicc__setjmp(void *env) __asm__("_setjmp") __attribute__((returns_twice, nothrow));
#endif

#if defined(ATOMICC__TSAN) && !defined(ATOMICC__BUILDING_RUNTIME)
#define atomicc_global_jmpbuf atomicc__global_jmpbuf_libc
#define ATOMICC__SETJMP(buf)                                                  \
    _Generic((buf),                                                           \
             struct atomicc__sjbuf *:                                         \
                 atomicc__setjmp(((struct atomicc__sjbuf *)(void *)(buf))->jb), \
             atomicc__sjbuf_t *:                                              \
                 atomicc__setjmp(((struct atomicc__sjbuf *)(void *)(buf))->jb), \
             default: __builtin_setjmp((void *)(buf)))
#define __builtin_setjmp(buf) ATOMICC__SETJMP(buf)
#endif

/* ---- undo log ---------------------------------------------------------- */
/* Records the `size` bytes now at `addr` in this thread's undo log (a no-op
 * outside every atomic block). */
void atomicc_undo_log(void *addr, __SIZE_TYPE__ size);

/* (n: a __COUNTER__ value, so that a store logged inside the address of
 * another, a[i++] = v, does not shadow its local: -Wshadow) */
#define ATOMICC_LOGW(p) ATOMICC__LOGW_(__COUNTER__, p)
#define ATOMICC__LOGW_(n, p) ATOMICC__LOGW(n, p)
#define ATOMICC__LOGW(n, p)                                               \
    (__extension__({                                                      \
        __auto_type __atomicc_wp##n = (p);                                \
        atomicc_undo_log((void *)__atomicc_wp##n, sizeof *__atomicc_wp##n); \
        __atomicc_wp##n;                                                  \
    }))

/* ---- strategy `pervar` ---------------------------------------------- */
#include "atomicc_pv.h"

/* ---- strategy `global`: the inline fast paths ------------------------- */
/* glibc >= 2.32 says whether the process has ever had a second thread; while
 * it has not, no locked instruction is needed (used by the out-of-line lock
 * and by the out-of-line solo entry when there is no membarrier). */
#if defined(__has_include)
#if __has_include(<sys/single_threaded.h>)
extern char __libc_single_threaded;
#define ATOMICC__SINGLE_THREADED() (__libc_single_threaded != 0)
#endif
#endif
#ifndef ATOMICC__SINGLE_THREADED
#define ATOMICC__SINGLE_THREADED() 0
#endif

/* The outermost enter and leave in solo mode or with an uncontended lock are
 * inlined into the program (x86-64 and AArch64 with GCC-compatible
 * compilers; define ATOMICC_NO_INLINE to always call the runtime).
 * Everything else (nesting, a thread's first block, contention, retry
 * waiters, no membarrier) calls it.  Solo, besides the undo-log
 * bookkeeping: about a dozen instructions to enter (test depth, read n and
 * busy, raise busy, re-read n, set solo), a test and a store to leave. */
#if !defined(ATOMICC__BUILDING_RUNTIME) && !defined(ATOMICC_NO_INLINE) && \
    (defined(__x86_64__) || defined(__aarch64__)) && defined(__GNUC__)

static inline __attribute__((always_inline)) atomicc_guard_t atomicc__global_enter_at(const char *where)
{
    struct atomicc__global_thread *t = &atomicc__gthread;
    if (__builtin_expect(t->depth != 0, 0))
        return atomicc__global_enter_ool(where); /* nested, or the thread's first block */
    int solo = atomicc__pv_solo_begin();
    if (!solo) {
        unsigned expected = 0;
        if (__builtin_expect(!__atomic_compare_exchange_n(&atomicc__glock.word, &expected, 1, 0,
                                                          __ATOMIC_ACQUIRE, __ATOMIC_RELAXED),
                             0))
            return atomicc__global_enter_ool(where);
    }
    /* The undo floor is this frame's stack pointer: the frames of the
     * functions the block calls lie below it (see undo_log.c). */
    char *sp;
    ATOMICC__PV_SP(sp);
    struct atomicc__undo_log *u = &atomicc__tl_undo;
    __SIZE_TYPE__ mark = u->len;
    u->active++;
    u->floor = sp;
    t->restart_kind = 0;
    t->solo = solo;
    t->outer_mark = mark;
    t->depth = 1;
    atomicc_guard_t g = { 1, mark };
    return g;
}

static inline __attribute__((always_inline)) void atomicc_global_leave(atomicc_guard_t *g)
{
    struct atomicc__global_thread *t = &atomicc__gthread;
    struct atomicc__undo_log *u = &atomicc__tl_undo;
    unsigned long d = g->depth;
    if (__builtin_expect(d != 1, 0)) {
        t->depth = d - 1; /* inner block: the outermost one commits */
        return;
    }
    if (__builtin_expect(u->cap > ATOMICC__UNDO_KEEP_CAP ||
                             __atomic_load_n(&atomicc__glock.waiters, __ATOMIC_RELAXED) != 0,
                         0)) {
        atomicc__global_leave_ool(g);
        return;
    }
    ATOMICC__SIM_COMMIT(0);
    t->depth = 0;
    u->len = t->outer_mark;
    u->active--;
    if (t->solo) {
        __atomic_store_n(&atomicc__pv_solo.busy, 0, __ATOMIC_RELEASE);
        return;
    }
    unsigned *w = &atomicc__glock.word;
    if (__builtin_expect(__atomic_load_n(&atomicc__glock.handoff, __ATOMIC_RELAXED) == 1, 0)) {
        atomicc__global_hand_over(); /* a starving waiter gets the lock */
        return;
    }
    if (__builtin_expect(__atomic_load_n(&atomicc__glock.asym, __ATOMIC_RELAXED), 1)) {
        __atomic_store_n(w, 0, __ATOMIC_RELEASE);
        __atomic_signal_fence(__ATOMIC_SEQ_CST); /* see global_lock.c */
    } else {
        __atomic_exchange_n(w, 0, __ATOMIC_SEQ_CST);
    }
    if (__builtin_expect(__atomic_load_n(&atomicc__glock.parked, __ATOMIC_SEQ_CST) != 0, 0))
        atomicc__global_wake_parked();
}

#else
#define atomicc__global_enter_at atomicc__global_enter_ool
void atomicc_global_leave(atomicc_guard_t *g);
#endif
/* The contract's names (the runtime also exports functions by these names,
 * for callers that do not include this header's macros). */
atomicc_guard_t atomicc_global_enter(void);
void atomicc_global_retry(atomicc_guard_t *g);
#ifndef ATOMICC__BUILDING_RUNTIME
/* named from this system header (see the top of the file) */
#define atomicc_global_enter() atomicc__global_enter_at(ATOMICC__WHERE)
#define atomicc_global_retry(g) atomicc__global_retry_at((g), ATOMICC__WHERE)
#endif

/* ---- strategy `atomic-op` ----------------------------------------------
 * A block that is one commutative update, store or load of an integer becomes
 *
 *     atomic { x += e; }  ->  { ATOMICC_AOP_ADD(&(x), (e)); }
 *     atomic { x = e; }   ->  { ATOMICC_AOP_STORE(&(x), (e)); }
 *     atomic { v = x; }   ->  { v = ATOMICC_AOP_LOAD(&(x)); }
 *
 * (SUB, AND, OR, XOR alike; x++ is ADD of 1): one locked instruction,
 * seq_cst (a load: __atomic_load_n, a plain load on x86).  While the thread
 * is the only one that has run a block (the solo mode of global and pervar,
 * atomicc_pv.h: a thread registers at its first block of any strategy;
 * ATOMICC_SOLO=0 turns it off) an update is the plain C statement inside the
 * solo bracket: no other thread can run a block until it ends.  A load only
 * registers its thread: a thread that joins waits for a solo block in
 * progress to end, so the plain write happens before the load.  Counters
 * bumped by one thread while main waits in pthread_join (bench/native.py):
 * 211 M increments/s instead of 120 M. */
static inline __attribute__((always_inline)) void atomicc__aop_register(const char *where)
{
    if (__builtin_expect(atomicc__pv_self.depth & ATOMICC__PV_UNREG, 0))
        atomicc__solo_register(where, "atomic-op"); /* the thread's first block */
}
static inline __attribute__((always_inline)) int atomicc__aop_solo_begin(const char *where)
{
    atomicc__aop_register(where);
    return atomicc__pv_solo_begin();
}
#define ATOMICC_AOP_LOAD(p)                                                    \
    (__extension__({                                                           \
        __auto_type __atomicc_aop_lp = (p);                                    \
        atomicc__aop_register(ATOMICC__WHERE);                                 \
        __atomic_load_n(__atomicc_aop_lp, __ATOMIC_SEQ_CST);                   \
    }))
#define ATOMICC__AOP(p, v, ASSIGN, BUILTIN)                                    \
    do {                                                                       \
        __auto_type __atomicc_aop_p = (p);                                     \
        __auto_type __atomicc_aop_v = (v);                                     \
        if (atomicc__aop_solo_begin(ATOMICC__WHERE)) {                         \
            *__atomicc_aop_p ASSIGN __atomicc_aop_v;                           \
            atomicc__solo_end();                                               \
        } else {                                                               \
            (void)BUILTIN(__atomicc_aop_p, __atomicc_aop_v, __ATOMIC_SEQ_CST); \
        }                                                                      \
    } while (0)
#define ATOMICC_AOP_ADD(p, v) ATOMICC__AOP(p, v, +=, __atomic_fetch_add)
#define ATOMICC_AOP_SUB(p, v) ATOMICC__AOP(p, v, -=, __atomic_fetch_sub)
#define ATOMICC_AOP_AND(p, v) ATOMICC__AOP(p, v, &=, __atomic_fetch_and)
#define ATOMICC_AOP_OR(p, v) ATOMICC__AOP(p, v, |=, __atomic_fetch_or)
#define ATOMICC_AOP_XOR(p, v) ATOMICC__AOP(p, v, ^=, __atomic_fetch_xor)
#define ATOMICC_AOP_STORE(p, v) ATOMICC__AOP(p, v, =, __atomic_store_n)

/* ---- strategy `stm` ------------------------------------------------- */
#include "atomicc_stm.h"

/* ---- misc --------------------------------------------------------------- */
const char *atomicc_runtime_version(void);

/* A `retry;` in a function that only runs inside blocks, reached outside
 * every block after all (a caller separate compilation hid): stops with
 * its location (stm_dispatch.c).  Lowered code calls it by name; declared
 * here, at file scope, the lowered functions declare nothing
 * (-Wnested-externs). */
void atomicc_retry_outside(const char *where) __attribute__((noreturn));

/* Link-time ABI check.  The fast paths above are inline, so a program must be
 * linked with a runtime built from these very headers: every translation unit
 * that includes this file refers to atomicc_abi_N, which only the matching
 * runtime defines.  A stale libatomicc-runtime.a then fails to link with
 * "undefined reference to atomicc_abi_N" instead of silently mixing two lock
 * layouts.  Bump N whenever a struct or inline fast path here changes. */
#ifndef ATOMICC__BUILDING_RUNTIME
extern const char atomicc_abi_11[];
static const char *const atomicc__abi_ref __attribute__((used)) = atomicc_abi_11;
#endif

#ifdef __cplusplus
}
#endif

#endif /* ATOMICC_RT_H */
