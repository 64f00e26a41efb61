/* global_lock.c - strategy `global`: one process-wide recursive lock.
 *
 * The lock word (own cache line) is 0 (free) or 1 (held).  Acquire: one CAS
 * 0->1 when uncontended; otherwise spin a bounded number of rounds (pause)
 * trying to grab a free lock, then park: count ourselves in `parked` and
 * sleep on a futex (`gate`).  Release: store 0, then, only if `parked` is
 * non-zero and no wake is pending (`woken`), wake one parked thread.
 *
 * That release is a plain store, as cheap as a spinlock's, because the
 * store->load order it needs (store the word, then read `parked`/`woken`) is
 * paid by the rare parking side instead: before each check of the word, a
 * parking thread issues membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED), which
 * runs a full barrier on every CPU running one of our threads (an asymmetric
 * Dekker fence, as in userspace RCU).  So either the releasing thread sees
 * the parked thread, or the parked thread sees the free word: no lost
 * wakeup.  Where membarrier is unavailable the release falls back to a locked
 * exchange; where it is slow (a VM: park_fence) the parking thread skips it
 * and sleeps in naps of at most 1 ms, so a release that misses it costs
 * latency, not a lost thread.  In a process that has only ever had one
 * thread (glibc's __libc_single_threaded) the out-of-line acquire and
 * release use no locked instruction.
 *
 * Solo mode: while the calling thread is the only one registered in the
 * registry shared with `pervar` (atomicc__pv_solo; registration, the
 * membarrier handshake and the exit destructor are in pervar.c), an
 * outermost block does not touch the lock word: it raises busy, re-reads n
 * (atomicc__pv_solo_begin[_ool]) and records atomicc__gthread.solo; its
 * commit clears busy (release).  A thread's first block (depth has
 * ATOMICC__G_UNREG) registers it, for both strategies, before anything
 * else.  outer_take()/outer_give() pick solo mode or the lock for every
 * outermost entry and exit, including a retry's: a solo block that retries
 * undoes its log, counts itself in `waiters`, clears busy (the release that
 * publishes the count to a thread that registers and then commits), sleeps
 * as any waiter does and re-enters through outer_take().  Solo mode and the
 * lock exclude each other (a lock holder is registered, so n >= 2), so the
 * commit sequence still has one writer at a time, and the waking rule is the
 * same for both: an outermost commit that sees waiters != 0 bumps seq and
 * wakes them.
 *
 * The uncontended outermost enter and leave are inlined into the program
 * (atomicc_rt.h); the functions here are the general versions.  Recursion is
 * a per-thread depth: only the outermost enter/leave touch the lock word.
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
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define LOCK_FREE 0u
#define LOCK_HELD 1u

/* Rounds of `pause` before a lock waiter parks / a retry waiter sleeps.
 * A round is ~40 ns (pause) on recent x86: a few microseconds in all, long
 * enough to cover a typical critical section, short enough not to burn a
 * time slice when the holder has been descheduled. */
#ifndef ATOMICC_LOCK_SPIN
#define ATOMICC_LOCK_SPIN 128
#endif
/* Wake-ups a parked waiter may lose to barging threads before it asks for
 * the lock to be handed over (see lock_acquire_starving). */
#ifndef ATOMICC_LOCK_STARVE_ROUNDS
#define ATOMICC_LOCK_STARVE_ROUNDS 2
#endif
#ifndef ATOMICC_RETRY_SPIN
#define ATOMICC_RETRY_SPIN 64
#endif

struct atomicc__global_lock atomicc__glock;
__thread struct atomicc__global_thread atomicc__gthread = { ATOMICC__G_UNREG, 0, 0, 0 };

/* This thread's restart points (the rest is in atomicc__gthread): the
 * outermost block's, and a scratch buffer handed to inner blocks (never
 * jumped to).  __builtin_setjmp's 5 words live in the thread's TLS block;
 * the C library's jmp_buf (only ThreadSanitizer builds take their restart
 * points with _setjmp, see atomicc_rt.h) is 200-512 bytes per buffer, so
 * that pair is allocated at a thread's first use and freed at its exit.
 * The TLS block is what the simulator copies in and out at every fiber
 * switch: it was 1 KiB larger with both kinds inline. */
static __thread struct {
    atomicc_jmpbuf_t restart;
    atomicc_jmpbuf_t scratch;
    struct libc_bufs *libc;
} tl_jb;

struct libc_bufs {
    union {
        atomicc__sjbuf_t libc;
        jmp_buf real;      /* the same storage, as <setjmp.h> types it */
    } restart, scratch;
};

enum { RESTART_NONE, RESTART_BUILTIN, RESTART_LIBC };

static pthread_once_t g_libc_once = PTHREAD_ONCE_INIT;
static pthread_key_t g_libc_key;
static int g_libc_key_ok;

static void libc_bufs_free(void *p)
{
    if (tl_jb.libc == p)
        tl_jb.libc = NULL; /* a block in a later destructor allocates anew */
    free(p);
}

static void libc_key_init(void)
{
    g_libc_key_ok = pthread_key_create(&g_libc_key, libc_bufs_free) == 0;
}

/* ---- the lock ------------------------------------------------------------ */

/* `asym` (membarrier registered: releases are plain stores) is decided once,
 * by the registry's one-time initialisation (global_init in pervar.c, under
 * pthread_once), before the first thread registers; and every thread
 * registers before it first touches the lock word (atomicc__gthread.depth
 * starts with ATOMICC__G_UNREG).  So no thread ever sees it change.  (It
 * used to be set by a constructor: a program's own constructor that ran
 * first and started threads could have a parked waiter that saw asym == 0
 * skip the membarrier while a release that saw asym == 1 used the plain
 * store, and that waiter slept for ever.) */

/* The parking side of the asymmetric fence (see the top of the file; the
 * membarrier, and skipping it where it is slow, are atomicc__park_fence()
 * in park.c).  Returns 0 if it was not issued (then the caller must not
 * sleep without a timeout). */
static int park_fence(void)
{
    if (!__atomic_load_n(&atomicc__glock.asym, __ATOMIC_RELAXED))
        return 1; /* locked-exchange releases: nothing to do */
    return atomicc__park_fence();
}

static inline int try_grab(unsigned *w)
{
    unsigned v = LOCK_FREE;
    return __atomic_load_n(w, __ATOMIC_SEQ_CST) == LOCK_FREE &&
           __atomic_compare_exchange_n(w, &v, LOCK_HELD, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/* Exponential backoff between polls (1, 2, 4 ... 64 pauses, then every 64,
 * a budget of 4 x ATOMICC_LOCK_SPIN pauses): polling in a tight loop turns
 * every acquisition into a hand-off that bounces the lock's and the data's
 * cache lines between cores; backing off lets the holder run several blocks
 * in a row.  Measured with bench/native.py, 2 threads: bank 15.4M -> 26.1M
 * ops/s, counters 15.9M -> 30.2M, queue 3.6M -> 7.1M.
 *
 * Proportional backoff past the first round: every poll of a word that
 * changed moves its line, and the transfers of one line serialize, so with
 * many pollers the polls themselves fill the line's time and delay the
 * holder's release and the next CAS.  On the simulator at 32 vCPUs the
 * bank ran 17 lock-line transfers per block, at 1,250 cycles per block, and
 * throughput fell to 1/15 of one CPU's.  So a waiter that is still waiting
 * after the first round counts itself in g_spinners (its own line: only
 * such waiters touch it) and polls every 64 x (spinners / POLLS) pauses
 * (at least 64), with its remaining budget scaled alike: about as many
 * polls each as before, and about POLLS = 2 from all of them per 64 pauses
 * however many wait.  Few polls leave the line to the holder: its release
 * and the next CAS do not queue behind reads, and a saturated lock mostly
 * passes to a thread whose cache has the line already (the releaser's next
 * block, or one arriving) at nearly one CPU's rate of blocks, instead of a
 * hand-off with its transfers per block.  A waiter that spent its budget
 * parks, and the starvation hand-off below bounds its wait, as before.
 * Simulated, global lock at 16 / 32 / 64 vCPUs, blocks per simulated second
 * against 8 polls per period: bank-1024 2.75x / 2.78x / 2.54x, queue
 * 1.81x / 1.93x / 1.80x, kmeans 1.02x / 1.04x / 1.06x, and no program of
 * `atomicc bench` below 1.00x at any count (1 poll: bank 3.33x / 3.35x /
 * 3.09x, but intruder 0.91x at 8; 16 polls: bank 0.41x at 32).  The first
 * version, 8 per period, took bank from 1.61M / 1.58M to 3.96M / 4.27M at
 * 32 / 64 against every waiter polling every 64 pauses.  Native: with 2
 * threads nothing changes (at most one spinner); 8 threads on 2 cores,
 * queue 3.79M -> 8.02M ops/s. */
#ifndef ATOMICC_LOCK_POLLS
#define ATOMICC_LOCK_POLLS 2
#endif
static struct {
    unsigned n;
    char pad[64 - sizeof(unsigned)];
} g_spinners __attribute__((aligned(64)));

static int spin_for_lock(unsigned *w)
{
    int budget = 4 * ATOMICC_LOCK_SPIN, delay = 1;
    for (; delay <= 64; delay *= 2) {
        for (int i = 0; i < delay; i++)
            atomicc__cpu_relax();
        budget -= delay;
        if (try_grab(w))
            return 1;
    }
    unsigned n = __atomic_add_fetch(&g_spinners.n, 1, __ATOMIC_RELAXED);
    int cap = n > ATOMICC_LOCK_POLLS ? 64 * (int)(n / ATOMICC_LOCK_POLLS) : 64;
    int got = 0;
    budget *= cap / 64;
    for (delay = cap; budget > 0; budget -= delay) {
        for (int i = 0; i < delay; i++)
            atomicc__cpu_relax();
        if (try_grab(w)) {
            got = 1;
            break;
        }
    }
    __atomic_fetch_sub(&g_spinners.n, 1, __ATOMIC_RELAXED);
    return got;
}

/* Parking loop.  Each round: read the gate, clear `woken`, fence, try the
 * lock, sleep while the gate is unchanged.  Why no wakeup is lost: a thread
 * only sleeps after seeing the word held, and the release of that holding
 * thread runs after our fence, so it sees `parked` != 0 and either sees
 * `woken` == 0 (it wakes someone) or sees a `woken` set by a release that
 * came after our clear and hence bumped the gate after we read it (we do not
 * sleep, or are in the queue when it wakes).  A woken thread always clears
 * `woken` again (next round, or on leaving with the lock), so one pending
 * wake at a time keeps the chain going without a wake per release. */
/* Hand-off against starvation.  The lock lets a running thread barge in
 * ahead of woken ones (that is what makes it fast), but then a thread that
 * re-takes the lock in a loop (a producer whose block is short, a spinning
 * retry) can keep a woken waiter out for ever: it only ever finds the word
 * held.  So a waiter that lost ATOMICC_LOCK_STARVE_ROUNDS wake-ups raises
 * `handoff` (one such waiter at a time); the next release sees it (on the
 * lock word's own line) and, instead of freeing the word, sets handoff to 2
 * and wakes the waiter, which now owns the lock.  The request may be made
 * just after a release that freed the word without seeing it: the waiter
 * then grabs the free word itself and withdraws its request, and since a
 * release can also be about to free the word when the waiter goes to sleep,
 * it sleeps with a timeout and looks again. */
static void lock_acquire_starving(struct atomicc__global_lock *l, unsigned *w, struct atomicc__wd *wd)
{
    park_fence(); /* pairs with the releases' plain stores, as in parking (it sleeps in short naps anyway) */
    for (;;) {
        if (__atomic_load_n(&l->handoff, __ATOMIC_ACQUIRE) == 2) {
            __atomic_store_n(&l->handoff, 0, __ATOMIC_RELAXED); /* the lock is ours */
            return;
        }
        if (try_grab(w)) {
            /* a free word: the holders cannot hand over while we hold it */
            __atomic_store_n(&l->handoff, 0, __ATOMIC_RELAXED);
            return;
        }
        atomicc__park_timed(&l->handoff, 1, 100000);
        atomicc__wd_poll(wd);
    }
}

/* Called by a release that saw a hand-off request: the word stays held and
 * the requesting waiter becomes the holder. */
void atomicc__global_hand_over(void)
{
    struct atomicc__global_lock *l = &atomicc__glock;
    __atomic_store_n(&l->handoff, 2, __ATOMIC_RELEASE);
    atomicc__unpark(&l->handoff, 1);
}

static inline void lock_acquire_wait(const char *where)
{
    struct atomicc__global_lock *l = &atomicc__glock;
    unsigned *w = &l->word;
    if (spin_for_lock(w))
        return;
    struct atomicc__wd wd;
    atomicc__wd_begin(&wd, where, "global", "the lock word, held by another thread's block");
    __atomic_fetch_add(&l->parked, 1, __ATOMIC_SEQ_CST);
    for (int round = 0;; round++) {
        if (round >= ATOMICC_LOCK_STARVE_ROUNDS) {
            unsigned none = 0;
            if (__atomic_compare_exchange_n(&l->handoff, &none, 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {
                lock_acquire_starving(l, w, &wd);
                break;
            }
        }
        unsigned gate = __atomic_load_n(&l->gate, __ATOMIC_ACQUIRE);
        __atomic_exchange_n(&l->woken, 0, __ATOMIC_SEQ_CST);
        int fenced = park_fence();
        if (try_grab(w))
            break;
        if (fenced) {
            atomicc__wd_park(&wd, &l->gate, gate);
        } else {
            /* No asymmetric barrier (it failed at run time, or it is
             * slow: park_fence): a release may miss us, so never sleep
             * for long. */
            atomicc__park_timed(&l->gate, gate, 1000000);
            atomicc__wd_poll(&wd);
        }
        if (spin_for_lock(w))
            break;
    }
    if (__atomic_load_n(&l->woken, __ATOMIC_RELAXED))
        __atomic_store_n(&l->woken, 0, __ATOMIC_RELAXED); /* see above */
    __atomic_fetch_sub(&l->parked, 1, __ATOMIC_RELAXED);
}

static __attribute__((noinline)) void lock_acquire_slow(const char *where)
{
    atomicc__wait_t t0 = atomicc__wait_start();
    lock_acquire_wait(where);
    atomicc__wait_done(&atomicc__glock.word, t0);
}

/* Called by a release that saw parked threads. */
void atomicc__global_wake_parked(void)
{
    struct atomicc__global_lock *l = &atomicc__glock;
    if (__atomic_load_n(&l->woken, __ATOMIC_SEQ_CST) ||
        __atomic_exchange_n(&l->woken, 1, __ATOMIC_SEQ_CST))
        return; /* a woken thread is on its way */
    __atomic_fetch_add(&l->gate, 1, __ATOMIC_RELEASE);
    atomicc__unpark(&l->gate, 1);
}

/* The single-threaded-process shortcut (plain stores), unless ATOMICC_SOLO=0
 * asked for the real lock every time (atomicc__solo_off is set before the
 * first thread registers, and every thread registers before its first lock). */
#define SINGLE_THREADED() (ATOMICC__SINGLE_THREADED() && !atomicc__solo_off)

static inline void lock_acquire(const char *where)
{
    unsigned *w = &atomicc__glock.word;
    if (SINGLE_THREADED() && __atomic_load_n(w, __ATOMIC_RELAXED) == LOCK_FREE) {
        /* No other thread exists (creating one is a full barrier). */
        __atomic_store_n(w, LOCK_HELD, __ATOMIC_RELAXED);
        return;
    }
    unsigned expected = LOCK_FREE;
    if (__builtin_expect(!__atomic_compare_exchange_n(w, &expected, LOCK_HELD, 0,
                                                      __ATOMIC_ACQUIRE, __ATOMIC_RELAXED),
                         0))
        lock_acquire_slow(where);
}

static inline void lock_release(void)
{
    unsigned *w = &atomicc__glock.word;
    if (SINGLE_THREADED()) {
        __atomic_store_n(w, LOCK_FREE, __ATOMIC_RELAXED);
        return;
    }
    if (__builtin_expect(__atomic_load_n(&atomicc__glock.handoff, __ATOMIC_RELAXED) == 1, 0)) {
        atomicc__global_hand_over();
        return;
    }
    if (__builtin_expect(__atomic_load_n(&atomicc__glock.asym, __ATOMIC_RELAXED), 1)) {
        __atomic_store_n(w, LOCK_FREE, __ATOMIC_RELEASE);
        __atomic_signal_fence(__ATOMIC_SEQ_CST); /* the cheap side of the fence */
    } else {
        __atomic_exchange_n(w, LOCK_FREE, __ATOMIC_SEQ_CST);
    }
    if (__builtin_expect(__atomic_load_n(&atomicc__glock.parked, __ATOMIC_SEQ_CST) != 0, 0))
        atomicc__global_wake_parked();
}

/* What an outermost block holds: solo mode (atomicc__pv_solo.busy, no lock
 * word touched) when this thread is the only registered one, else the lock. */
static inline void outer_take(struct atomicc__global_thread *t, const char *where)
{
    int solo = atomicc__pv_solo_begin_ool();
    if (!solo)
        lock_acquire(where);
    t->solo = solo;
}

static inline void outer_give(struct atomicc__global_thread *t)
{
    if (t->solo)
        atomicc__solo_end();
    else
        lock_release();
}

/* Called holding the lock or solo mode (and with the block's effects undone):
 * gives it up, sleeps until some other thread commits, takes the lock or solo
 * mode again. */
static void wait_for_commit(struct atomicc__global_thread *t, const char *where)
{
    struct atomicc__global_lock *l = &atomicc__glock;
    unsigned *seq = &l->seq;
    unsigned seen = __atomic_load_n(seq, __ATOMIC_RELAXED);
    __atomic_fetch_add(&l->waiters, 1, __ATOMIC_RELAXED);
    /* Publishes the waiter count to the next committer: through the lock
     * word, or, in solo mode, through busy (a committer has to register
     * first, and registering waits for busy == 0 with acquire). */
    if (t->solo)
        atomicc__solo_end();
    else
        lock_release();
    int spins = ATOMICC_RETRY_SPIN;
    struct atomicc__wd wd;
    atomicc__wd_begin(&wd, where, "global",
                      "retry: another thread's commit (the location is the retry statement's)");
    while (__atomic_load_n(seq, __ATOMIC_ACQUIRE) == seen) {
        if (spins > 0) {
            spins--;
            atomicc__cpu_relax();
        } else {
            /* A committer makes the wake-up system call only while some
             * waiter is counted in `sleeping`, not at every commit while
             * waiters spin.  Our increment (seq_cst) is seen by its load,
             * which follows its seq_cst bump of seq, or the futex sees the
             * new seq.  (A flag that the first committer cleared lost
             * wake-ups: a committer whose bump came before this round's
             * `seen` could clear the flag this round had set.) */
            __atomic_fetch_add(&l->sleeping, 1, __ATOMIC_SEQ_CST);
            atomicc__wd_park(&wd, seq, seen);
            __atomic_fetch_sub(&l->sleeping, 1, __ATOMIC_RELAXED);
        }
    }
    outer_take(t, where); /* solo again if this thread is alone, else the lock */
    __atomic_fetch_sub(&l->waiters, 1, __ATOMIC_RELAXED);
}

static __attribute__((noreturn, cold)) void die(const char *msg)
{
    fputs(msg, stderr);
    fflush(stderr);
    abort();
}

/* ---- the compiler contract --------------------------------------------- */

atomicc_guard_t atomicc__global_enter_ool(const char *where)
{
    struct atomicc__global_thread *t = &atomicc__gthread;
    unsigned long d = t->depth;
    size_t mark;
    if (__builtin_expect(d & ATOMICC__G_UNREG, 0)) {
        atomicc__solo_register(where, "global"); /* the thread's first block (of any strategy) */
        d = t->depth;
    }
    if (__builtin_expect(d == 0, 1)) {
        outer_take(t, where);
        t->restart_kind = RESTART_NONE;
        mark = t->outer_mark = atomicc__undo_begin();
    } else {
        /* nested: the depth saturates below the UNREG bit and aborts there
         * (unreachable before the stack overflows, but it must not wrap) */
        if (__builtin_expect(d >= ATOMICC__G_UNREG - 1, 0))
            die("atomicc: global atomic blocks nested too deeply (the lock's recursion depth would overflow)\n");
        mark = atomicc__undo_mark();
    }
    t->depth = d + 1;
    atomicc_guard_t g = { d + 1, mark };
    return g;
}

void atomicc__global_leave_ool(atomicc_guard_t *g)
{
    struct atomicc__global_thread *t = &atomicc__gthread;
    struct atomicc__global_lock *l = &atomicc__glock;
    unsigned long d = g->depth;
    if (__builtin_expect(d != 1, 0)) {
        t->depth = d - 1; /* inner block: the outermost one commits */
        return;
    }
    ATOMICC__SIM_COMMIT(0);
    t->depth = 0;
    atomicc__undo_end(t->outer_mark);
    int wake = __atomic_load_n(&l->waiters, __ATOMIC_RELAXED) != 0;
    if (__builtin_expect(wake, 0)) {
        /* Only the lock holder or the solo block writes seq (they exclude
         * each other); the seq_cst RMW orders it before the load of
         * `sleeping` below (see wait_for_commit). */
        __atomic_fetch_add(&l->seq, 1, __ATOMIC_SEQ_CST);
    }
    outer_give(t);
    if (__builtin_expect(wake, 0) && __atomic_load_n(&l->sleeping, __ATOMIC_SEQ_CST) != 0)
        atomicc__unpark(&l->seq, -1);
}

/* The contract's names, for callers that do not use the header's macros
 * (which pass the block's location). */
atomicc_guard_t atomicc_global_enter(void)
{
    return atomicc__global_enter_ool(NULL);
}

void atomicc_global_leave(atomicc_guard_t *g) __attribute__((alias("atomicc__global_leave_ool")));

void atomicc_global_retry(atomicc_guard_t *g)
{
    atomicc__global_retry_at(g, NULL);
}

void atomicc__global_retry_at(atomicc_guard_t *g, const char *where)
{
    struct atomicc__global_thread *t = &atomicc__gthread;
    if (t->depth == 0 || (t->depth & ATOMICC__G_UNREG) || g->depth == 0)
        die("atomicc: retry outside an atomic block\n");
    int nested = g->depth != 1;
    if (nested && t->restart_kind == RESTART_NONE)
        die("atomicc: retry inside a nested atomic block whose outermost block cannot restart\n");
    if (!t->solo && atomicc__solo_foreign())
        die("atomicc: retry in a global block nested inside a solo pervar block\n");
    atomicc__undo_restore(t->outer_mark);
    wait_for_commit(t, where);
    if (nested) {
        /* Restart the outermost block: its frame is live (we run inside it);
         * the inner guards' cleanups are skipped, so fix the depth here. */
        t->depth = 1;
        if (t->restart_kind == RESTART_LIBC)
            longjmp(tl_jb.libc->restart.real, 1);
        __builtin_longjmp(tl_jb.restart, 1);
    }
}

atomicc_jmpbuf_t *atomicc_global_jmpbuf(atomicc_guard_t *g)
{
    if (g->depth == 1) {
        atomicc__gthread.restart_kind = RESTART_BUILTIN;
        return &tl_jb.restart;
    }
    return &tl_jb.scratch;
}

static __attribute__((noinline)) struct libc_bufs *libc_bufs(void)
{
    if (__builtin_expect(tl_jb.libc != NULL, 1))
        return tl_jb.libc;
    struct libc_bufs *b = malloc(sizeof *b);
    if (!b)
        die("atomicc: out of memory for a restart point\n");
    pthread_once(&g_libc_once, libc_key_init);
    if (g_libc_key_ok)
        pthread_setspecific(g_libc_key, b); /* freed when the thread exits */
    tl_jb.libc = b;
    return b;
}

/* The same for a restart point taken with _setjmp (ThreadSanitizer builds). */
atomicc__sjbuf_t *atomicc__global_jmpbuf_libc(atomicc_guard_t *g)
{
    struct libc_bufs *b = libc_bufs();
    if (g->depth == 1) {
        atomicc__gthread.restart_kind = RESTART_LIBC;
        return &b->restart.libc;
    }
    return &b->scratch.libc;
}

const char atomicc_abi_11[] = "atomicc-runtime 0.1.0 abi 11";

const char *atomicc_runtime_version(void)
{
    return "atomicc-runtime 0.1.0 abi 11 (strategies: global, pervar, stm)";
}
