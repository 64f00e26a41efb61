/* stm.c - strategy `stm`: word-based software transactional memory of the
 * TL2 family (the compiler contract is in atomicc_stm.h).
 *
 * Versioned locks.  2^20 64-bit words (8 MiB, zero pages until used),
 * indexed by bits 3..22 of an address: one per 8-byte word, so neighbouring
 * words never share a lock.  A word is
 *   unlocked: commit number << 12 | slot << 2 | waiter bit << 1
 *   locked:   1 << 63 | lock-record index << 12 | owner's slot << 2
 * "slot" names the thread slot whose clock numbered the commit that wrote
 * the stripe last; the waiter bit says a thread sleeping in retry read it.
 *
 * Time base: thread-local clocks (after Avni & Shavit's TLC) instead of one
 * global version clock.  Each thread slot s has its own commit counter C[s]
 * on its own cache line, written only by its thread.  A transaction's
 * snapshot is a vector seen[]: it includes every commit of slot s numbered
 * <= seen[s].  Stored as seen[s] = C << 12 | s << 2 | 3, so the read fast
 * path checks "unlocked and in the snapshot" with ONE compare of the lock
 * word against seen[slot of the word] (a locked word has bit 63 set: above
 * every entry).  A writer locks its write set (try-lock), validates its read
 * set, writes back, releases each lock with version c = C[me] + 1, and only
 * then publishes C[me] = c (a plain release store to its own line).  So an
 * included commit is a complete one, and a read needs the lock word only
 * once, after the value: unlocked and <= seen means the value read is the
 * one that commit wrote (a later write-back would have locked the word
 * first).  A word newer than the snapshot extends it: validate the read set
 * against the vector in force, raise seen[s] to the word's number, and read
 * again (timestamp extension).  The word itself proves that commit complete
 * (a commit writes back everything before it releases any stripe, and a
 * slot's commits are sequential), so an extension reads no clock line.  Invariant
 * (by induction over the extensions): a stripe that changed after this
 * attempt read it is locked or above seen[], so validation = every read
 * stripe is unlocked and <= seen[] (during its own commit a thread passes
 * the stripes it locked, whose words name its slot: each was checked when it
 * was locked; the general commit sets its own seen entry to all ones for
 * that, the small one compares the word).  A stripe read twice in a row (x,
 * then x op= e) is recorded once: the invariant does not need the second
 * record, as an extension in between would have found the stripe changed.
 * Every attempt sees a consistent snapshot at every
 * read (opacity): a doomed attempt never loops on or dereferences garbage.
 * seen[] persists across transactions (values each <= the current C[s] form
 * a valid snapshot of nothing read yet), so a thread extends only for the
 * commits it has not met yet.
 *
 * Why not TL2's global clock: every writing commit does an atomic
 * fetch-and-add on one cache line; at 64 CPUs that line's transfers (~75-120
 * cycles each in the cost model of the simulated target) serialize all commits, capping
 * the bank benchmark near 0.2x of per-account locks.  Here a commit writes
 * only lines it owns (its clock, its serial) and the stripes it writes;
 * other threads read its clock line only when they start (bank: an
 * extension when a transfer reads an account another thread changed since
 * costs a validation of the read set, and no shared line beyond the
 * stripe it reads anyway).
 * Its price: 2 more instructions per read (the indexed seen[] lookup).
 * -DATOMICC_STM_GLOBAL_CLOCK (runtime and program alike) builds the TL2 way
 * for comparison: every thread numbers its commits from slot 0 with a
 * fetch-and-add, and reads check the lock word before and after the value.
 * More than 1023 concurrent threads sleep until a slot is free (a thread
 * frees its slot when it exits and wakes them); when none came free for
 * ATOMICC_STM_SLOT_WAIT_MS (10 s) the runtime aborts with a message instead
 * of hanging (slot_acquire); a slot number never wraps into the version
 * word's other bits.
 *
 * Write set: a redo log of 8-byte words (bytes + byte mask) in the
 * descriptor; up to 16 words are searched linearly, beyond that through an
 * open-addressing hash index; a 64-bit bloom filter lets a read skip the
 * lookup when its word was not written, and lets the inline store append
 * without one (its bit folds address bits 9..14 into bits 3..8, so that
 * line-aligned records use all 64 bits).  A word that joins the write set
 * has its line and its stripe's line fetched for ownership at once
 * (atomicc__stm_will_write; PREFETCHW): the commit then locks and writes
 * lines it already owns, where otherwise each would move twice, once to be
 * read and once to be written (bank at 64 simulated CPUs: the lock's CAS
 * went from ~54 to ~26 cycles).  Commit: lock the write
 * set's stripes in order with try-lock (a bounded spin on a busy stripe,
 * then abort, which releases what is held: no deadlock), validate, write
 * back, release, publish.  Up to 4 words (commit_small) the same steps run
 * with the entries and lock records in locals.  Read-only transactions
 * commit with no shared write at all.  After an abort:
 * randomized exponential backoff (2^k pauses, k <= 10; sched_yield from the
 * 8th abort in a row).
 *
 * Deltas.  `x += e;` as a statement (its value unused: ATOMICC_TX_ADD) on
 * an 8-byte integer appends a delta entry (mask 0xff | DELTA, val the
 * addend) instead of reading x: no read-set entry, no snapshot extension,
 * and two attempts that only add to x do not conflict; the commit adds the
 * addend to x's value under x's stripe lock (add_back), the commit's
 * serialization point for x as for every word it writes.  A later read of
 * x by the attempt, or a store to part of it, first makes the entry plain
 * (ws_materialize: x read into the read set, plus the addend); a whole-word
 * store replaces it, and another add adds to it.  A transfer that reads the
 * payer and adds to both accounts then reads one stripe, not two: bank-1024
 * at 64 simulated CPUs, 0.00269 -> 0.00219 simulated s per 400k transfers,
 * aborts 24.9k -> 4.2k.
 *
 * ThreadSanitizer.  Every access to user memory is an __atomic one (acquire
 * loads, release stores; no atomic_thread_fence, which TSan does not model),
 * of exactly the bytes of the object: 1, 2, 4 or 8 naturally aligned bytes
 * are one atomic access; any other range is split into the largest
 * naturally aligned 1/2/4/8-byte pieces covering exactly that range, never a
 * byte outside it (a neighbouring object written outside transactions is
 * not touched).  So TSan sees no race between an optimistic read and a
 * concurrent write-back, while a real race of the program (a plain access
 * outside every block, or a privatization the runtime was not told about)
 * still shows.
 *
 * Single-thread fast path ("solo").  While only one thread is registered
 * (it started a transaction and has not exited), an attempt runs with direct
 * reads and in-place writes logged in an undo log: no read set, no locks, no
 * atomic read-modify-write.  The thread raises g_solo.busy, then rechecks
 * the count; a thread that registers raises the count, then waits until busy
 * is clear.  That Dekker handshake needs a store-load fence on both sides;
 * the fast side pays only a compiler barrier because the registering side
 * runs membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED), a full barrier on every
 * CPU running one of our threads (as in global_lock.c; without membarrier
 * the solo side uses a locked exchange).  A solo attempt never conflicts; a
 * retry in it undoes and reruns the block in normal mode (it needs a read
 * set to wait on).  So a block that cannot retry never rolls back in solo
 * mode, and the compiler gives it a second, uninstrumented copy of its
 * statements (atomicc_stm_solo() in atomicc_stm.h): alone, the list walk
 * runs as fast as under the global lock (0.138 s against 0.139 s for 400k
 * operations) and a bank transfer costs 8.8 ns against the lock's 7.8.  A solo attempt also delays a new thread's first block
 * until it ends, so it must not wait for another thread (no block can).
 * ATOMICC_SOLO=0 (atomicc_rt.h) keeps STM_SOLO_OFF set in the registered
 * count, so no attempt runs solo (the compile-time ATOMICC_STM_NO_SOLO of
 * the benchmarks does the same).
 *
 * Privatization.  A committing writer whose transaction stored a pointer, a
 * struct or a union, or used memcpy/memset/memmove, or freed memory, or
 * called atomicc_stm_privatizing(), quiesces before it returns: each thread
 * publishes a serial number on its own line, odd while an attempt runs; the
 * committer waits for every odd serial to change (spinning, yielding, then
 * sleeping until that attempt's end wakes it: quiesce_wait).  Any attempt still running
 * afterwards started after the commit, so it sees the node unlinked; this
 * covers both the doomed reader that still holds a pointer to the node and a
 * concurrent committer still writing it back (a committer's serial stays odd
 * until its write-back is done).  The store-load order this needs (serial,
 * then the first read) is paid by the attempt: it publishes its serial with
 * a locked increment (one lock xadd, ~20 cycles).  It used to be paid by the quiescer
 * with membarrier(), which interrupts every CPU running one of our threads:
 * on the sorted list (20 % updates, every update privatizing) that cost 0.8 s
 * of system time per 400k operations at 2 threads and made the run 4x slower
 * (0.69 s against 0.17 s); the bank, which never quiesces, is 3 % slower at 2
 * threads with the locked store.  Solo mode keeps membarrier: it is paid once
 * per thread that joins.
 * atomicc_stm_free() defers free() to that point: quiescence-based
 * reclamation, no limbo lists.  The serials are loaded with acquire, which
 * gives ThreadSanitizer the happens-before edge to the thread's plain
 * accesses after the block.  ATOMICC_STM_QUIESCE=all in the environment makes
 * every writing commit quiesce (for privatization by flags or indices).
 *
 * retry: the attempt is rolled back except for its read set; the thread sets
 * the waiter bit in the lock word of every stripe it read (a CAS that also
 * checks the stripe is unchanged), then sleeps on a futex sequence.  A
 * committer that locked a stripe with the waiter bit set bumps the sequence
 * after its write-back and wakes the sleepers; a woken thread reruns the
 * block if a stripe it read changed, and sleeps again otherwise.  Commits
 * that meet no waiter bit pay nothing.
 *
 * Stack.  [stack_lo, floor) is the stack below the block's frame: frames of
 * functions the block calls, dead at commit and at restart (their memory is
 * this very call chain by then).  Stores there go straight to memory in
 * normal mode, and the undo log skips them on restore.
 *
 * Measured (2-core Xeon VM shared with other jobs, gcc 12 -O2; callgrind
 * counts are exact, times are medians of bench/native.py, 2026-11-27):
 *   instructions per transactional read, loop of reads (tests/bench_stm.c):
 *     29 (plain loop 6), i.e. 23 for the instrumentation
 *   instructions per bank transfer at 1 thread: 139 (solo, uninstrumented
 *     copy of the block), no synchronisation 47, pthread mutex 111, libitm
 *     337 (serial mode), libitm's STM (ml_wt) 767
 *   throughput, ratio to one pthread mutex in the same run, 1 / 2 / 8
 *   threads (8 = oversubscribed): bank 1.83x / 0.57x / 0.96x; sorted list
 *   (512 of 1,024 keys, 20 % updates) 1.03x / 1.20x / 0.91x; bounded queue
 *   with retry 1.24x / 1.04x / 0.90x.  Against libitm's STM (ml_wt) at 2
 *   threads: bank 4.9x, list 3.5x; against libitm's default, which runs
 *   hardware transactions (RTM) on this CPU: bank 0.52x, list 1.20x.
 *   On this machine two CPU-bound threads take 1.7x the time of one (it is
 *   shared), so the multi-thread rows measure time slicing more than
 *   parallelism: the simulated multiprocessor is where the clock scheme
 *   shows.
 */
#undef _FORTIFY_SOURCE /* keep longjmp the one ThreadSanitizer intercepts */
#define _GNU_SOURCE 1
#define ATOMICC__BUILDING_RUNTIME 1
#include "atomicc_rt.h"
#include "atomicc_stm.h"
#include "atomicc_internal.h"

#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__linux__) && !defined(ATOMICC_NO_MEMBARRIER)
#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

_Static_assert(sizeof(jmp_buf) <= sizeof(((atomicc_tx_t *)0)->restart), "restart buffer too small");

#define LOCKED ((uint64_t)1 << 63)
#define WAITBIT ((uint64_t)2)
#define VERSION_SHIFT 12
#define NSLOTS ATOMICC_STM_SLOTS

/* Rounds of `pause` on a locked stripe before giving up (abort). */
#ifndef ATOMICC_STM_LOCK_SPIN
#define ATOMICC_STM_LOCK_SPIN 512
#endif
#ifndef ATOMICC_STM_RETRY_SPIN
#define ATOMICC_STM_RETRY_SPIN 64
#endif
/* Backoff after the k-th consecutive abort: up to 2^min(k, BACKOFF_MAX)
 * pauses, then also sched_yield() from the YIELD_AFTER-th abort on. */
#define BACKOFF_MAX 10
#define YIELD_AFTER 8

atomicc__stm_word_t atomicc__stm_locks[1u << ATOMICC_STM_LOCK_BITS] __attribute__((aligned(64)));
__thread atomicc_tx_t *atomicc__stm_self;

/* Per slot, written only by its owner: the commit counter (read by snapshot
 * extensions) on one line, the serial and statistics on another. */
static struct {
    uint64_t c;
} __attribute__((aligned(ATOMICC_CACHE_LINE))) g_clock[NSLOTS];

static struct {
    uint64_t serial;   /* odd while an attempt runs; + 2 per attempt */
    uint64_t solo_commits;
    uint64_t aborts;   /* solo ones included */
    uint64_t solo_aborts;
    unsigned qwait;    /* quiescers sleeping on serial (see quiesce) */
} __attribute__((aligned(ATOMICC_CACHE_LINE))) g_state[NSLOTS];

static unsigned g_slot_used[NSLOTS];
static unsigned g_slot_hi = 1;   /* slots in use are below this */

/* Threads waiting for a free slot sleep on `seq`, which an exiting thread
 * bumps (then wakes them) while `waiters` is not 0. */
static struct {
    unsigned seq;
    unsigned waiters;
} __attribute__((aligned(ATOMICC_CACHE_LINE))) g_slot_wait;

/* Up to this many registered threads, a snapshot extension also reads the
 * writer's published clock (see extend()). */
#ifndef STM_CLOCK_READ_MAX
#define STM_CLOCK_READ_MAX 4u
#endif
/* g_threads.n is read by every attempt (solo test) and extension, so it
 * moves only while the count is small: it holds min(registered,
 * STM_THREADS_CAP) | STM_SOLO_OFF, the exact count is g_nthreads (see
 * register_thread()). */
#define STM_THREADS_CAP (STM_CLOCK_READ_MAX + 1)
static struct {
    unsigned n;        /* threads registered (have a descriptor), capped, | STM_SOLO_OFF */
} __attribute__((aligned(ATOMICC_CACHE_LINE))) g_threads;
static struct {
    unsigned n;
    char pad[ATOMICC_CACHE_LINE - sizeof(unsigned)]; /* the whole line: nothing else moves with it */
} __attribute__((aligned(ATOMICC_CACHE_LINE))) g_nthreads;
#define STM_SOLO_OFF 0x40000000u

static struct {
    unsigned busy;     /* the only thread is inside a solo attempt */
} __attribute__((aligned(ATOMICC_CACHE_LINE))) g_solo;

static struct {
    unsigned seq;      /* bumped by a commit that met a waiter bit */
    unsigned waiters;  /* threads sleeping in retry */
} __attribute__((aligned(ATOMICC_CACHE_LINE))) g_wake;

static int g_membarrier_ok;
static int g_quiesce_all;
static pthread_key_t g_key;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;

/* ---- the private part of a descriptor ------------------------------------ */

#define wentry atomicc__stm_wentry
#define WS_LINEAR ATOMICC__STM_WS_LINEAR
#define WS_DELTA ATOMICC__STM_DELTA

struct lockrec {
    atomicc__stm_word_t *lock;
    uint64_t old;      /* the word before we locked it */
};

struct ptrvec {
    void **v;
    size_t n, cap;
};

struct stm_thread {
    atomicc_tx_t pub;
    union {
        struct {
            unsigned slot;               /* serial + statistics slot (1..NSLOTS-1) */
            unsigned short cslot;        /* clock slot: == slot, or 0 (shared clock) */
            unsigned short quiesce_all;  /* g_quiesce_all (set before any thread joins) */
        };
        uint64_t ids;                    /* the three, for one load (see thread_ids) */
    };
    const char *where;      /* the running outermost block's ATOMICC__WHERE */
    void **rs_base;
    size_t rs_cap;
    uint32_t ws_cap;
    uint32_t ws_indexed;    /* the hash index is in use (ws_n > WS_LINEAR) */
    uint32_t *ws_idx;       /* entry index + 1, 0 = empty */
    uint32_t ws_mask;
    struct lockrec *lk;
    uint32_t lk_n, lk_cap;
    struct ptrvec allocs;   /* allocated by this attempt: freed on abort */
    struct ptrvec frees;    /* freed by this attempt: freed after commit */
    union {
        struct {
            unsigned force_normal; /* next attempt must not run solo */
            unsigned consecutive;  /* aborts in a row */
        };
        uint64_t abort_state;      /* both: a commit clears them with one store */
    };
    struct atomicc__wd wd;  /* the watchdog's view of a run of aborts */
    uint64_t rng;
    uint64_t aborts;        /* mirror of g_state[slot].aborts */
    void **rs_set;          /* the read set as a hash set, built by a commit that needs it */
    size_t rs_set_mask;     /* its size - 1 (a power of two), 0: none yet */
    uint64_t rs_set_serial; /* it holds the read set of the attempt with this serial (odd; 0: none) */
};

static inline struct stm_thread *me(atomicc_tx_t *tx)
{
    return (struct stm_thread *)tx;
}

static __attribute__((noreturn, cold)) void die(const char *msg)
{
    fputs(msg, stderr);
    fflush(stderr);
    abort();
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q)
        die("atomicc: out of memory in the STM runtime\n");
    return q;
}

#define lock_of atomicc__stm_lock_of

static inline uint64_t seen_of(struct stm_thread *t, uint64_t w)
{
    return t->pub.seen[(w >> 2) & (NSLOTS - 1)];
}

static inline uint64_t seen_word(uint64_t c, unsigned s)
{
    return c << VERSION_SHIFT | (uint64_t)s << 2 | 3;
}

/* The word of a stripe locked by this thread: it names the thread's slot
 * (and the index of the lock record that keeps the old word). */
static inline uint64_t locked_word(struct stm_thread *t, unsigned i)
{
    return LOCKED | (uint64_t)i << VERSION_SHIFT | (uint64_t)t->slot << 2;
}

static inline int locked_by_me(struct stm_thread *t, uint64_t w)
{
    return (w & (LOCKED | 0xffc)) == (LOCKED | (uint64_t)t->slot << 2);
}

/* ---- exact accesses to user memory --------------------------------------- */

static inline unsigned piece(uintptr_t a, size_t n)
{
    if (n >= 8 && !(a & 7))
        return 8;
    if (n >= 4 && !(a & 3))
        return 4;
    if (n >= 2 && !(a & 1))
        return 2;
    return 1;
}

/* Loads [a, a+n) into dst with naturally aligned atomic pieces. */
static void load_pieces(unsigned char *dst, uintptr_t a, size_t n, int order)
{
    while (n) {
        unsigned s = piece(a, n);
        if (s == 8) {
            uint64_t v = __atomic_load_n((uint64_t *)a, order);
            memcpy(dst, &v, 8);
        } else if (s == 4) {
            uint32_t v = __atomic_load_n((uint32_t *)a, order);
            memcpy(dst, &v, 4);
        } else if (s == 2) {
            uint16_t v = __atomic_load_n((uint16_t *)a, order);
            memcpy(dst, &v, 2);
        } else {
            *dst = __atomic_load_n((unsigned char *)a, order);
        }
        a += s;
        dst += s;
        n -= s;
    }
}

static void store_pieces(uintptr_t a, const unsigned char *src, size_t n)
{
    while (n) {
        unsigned s = piece(a, n);
        if (s == 8) {
            uint64_t v;
            memcpy(&v, src, 8);
            __atomic_store_n((uint64_t *)a, v, __ATOMIC_RELEASE);
        } else if (s == 4) {
            uint32_t v;
            memcpy(&v, src, 4);
            __atomic_store_n((uint32_t *)a, v, __ATOMIC_RELEASE);
        } else if (s == 2) {
            uint16_t v;
            memcpy(&v, src, 2);
            __atomic_store_n((uint16_t *)a, v, __ATOMIC_RELEASE);
        } else {
            __atomic_store_n((unsigned char *)a, *src, __ATOMIC_RELEASE);
        }
        a += s;
        src += s;
        n -= s;
    }
}

/* The integer the inline side passes for a value of `size` bytes <-> bytes. */
static inline void int_to_bytes(unsigned char *b, uint64_t v, unsigned size)
{
    if (size == 8) {
        memcpy(b, &v, 8);
    } else if (size == 4) {
        uint32_t x = (uint32_t)v;
        memcpy(b, &x, 4);
    } else if (size == 2) {
        uint16_t x = (uint16_t)v;
        memcpy(b, &x, 2);
    } else {
        *b = (unsigned char)v;
    }
}

static inline uint64_t bytes_to_int(const unsigned char *b, unsigned size)
{
    if (size == 8) {
        uint64_t x;
        memcpy(&x, b, 8);
        return x;
    } else if (size == 4) {
        uint32_t x;
        memcpy(&x, b, 4);
        return x;
    } else if (size == 2) {
        uint16_t x;
        memcpy(&x, b, 2);
        return x;
    }
    return *b;
}

/* A location in a frame of a function the block called: below the block's
 * frame on this thread's stack (dead at commit and at restart). */
static inline int callee_stack(struct stm_thread *t, uintptr_t a)
{
    return a - t->pub.stack_lo < t->pub.stack_span;
}

/* ---- undo log -------------------------------------------------------------
 * Records are the old bytes (padded to 8) followed by {addr, size}, walked
 * newest first from the end, as in undo_log.c. */

struct undo_trailer {
    uintptr_t addr;
    size_t size;
};

static __attribute__((noinline)) void undo_grow(struct stm_thread *t, size_t need)
{
    size_t cap = t->pub.ub_cap ? t->pub.ub_cap : 4096;
    while (cap - t->pub.ub_len < need)
        cap *= 2;
    t->pub.ub = xrealloc(t->pub.ub, cap);
    t->pub.ub_cap = cap;
}

/* Same record format as the inline store of atomicc_stm.h (24 bytes for a
 * value of up to 8). */
static void undo_push(struct stm_thread *t, uintptr_t a, size_t n)
{
    size_t pad = (n + 7) & ~(size_t)7;
    size_t need = pad + sizeof(struct undo_trailer);
    if (t->pub.ub_cap - t->pub.ub_len < need)
        undo_grow(t, need);
    unsigned char *p = t->pub.ub + t->pub.ub_len;
    load_pieces(p, a, n, __ATOMIC_RELAXED);
    struct undo_trailer tr = { a, n };
    memcpy(p + pad, &tr, sizeof tr);
    t->pub.ub_len += need;
}

/* Writes the logged bytes back, newest first; frames of functions the block
 * called are skipped (their memory may be this very call chain by now). */
static void undo_restore(struct stm_thread *t)
{
    size_t len = t->pub.ub_len;
    while (len > 0) {
        struct undo_trailer tr;
        len -= sizeof tr;
        memcpy(&tr, t->pub.ub + len, sizeof tr);
        len -= (tr.size + 7) & ~(size_t)7;
        if (!callee_stack(t, tr.addr))
            store_pieces(tr.addr, t->pub.ub + len, tr.size);
    }
    t->pub.ub_len = 0;
}

/* ---- read set, write set ----------------------------------------------- */

/* The read set lives at rs_base[0..rs_cap), after one slot that holds NULL:
 * the inline read compares the stripe with the last one recorded
 * (rs_top[-1]) to skip a repeated read (see atomicc_stm.h). */
static __attribute__((noinline)) void rs_grow(struct stm_thread *t)
{
    size_t n = (size_t)(t->pub.rs_top - t->rs_base);
    size_t cap = t->rs_cap * 2;
    t->rs_base = (void **)xrealloc(t->rs_base - 1, (cap + 1) * sizeof(void *)) + 1;
    t->rs_cap = cap;
    t->pub.rs_top = t->rs_base + n;
    t->pub.rs_end = t->rs_base + cap;
}

static inline void rs_push(struct stm_thread *t, atomicc__stm_word_t *l)
{
    if (__builtin_expect(t->pub.rs_top == t->pub.rs_end, 0))
        rs_grow(t);
    *t->pub.rs_top++ = l;
}

static inline uint32_t ws_hash(uintptr_t word)
{
    return (uint32_t)(((uint64_t)word >> 3) * 0x9E3779B97F4A7C15ull >> 32);
}

static inline struct wentry *ws_find(struct stm_thread *t, uintptr_t word)
{
    struct wentry *ws = t->pub.ws;
    if (!t->ws_indexed) {
        for (unsigned k = t->pub.ws_n; k-- > 0;)
            if (ws[k].addr == word)
                return &ws[k];
        return NULL;
    }
    uint32_t i = ws_hash(word) & t->ws_mask;
    for (;;) {
        uint32_t k = t->ws_idx[i];
        if (!k)
            return NULL;
        if (ws[k - 1].addr == word)
            return &ws[k - 1];
        i = (i + 1) & t->ws_mask;
    }
}

static void ws_index_put(struct stm_thread *t, uint32_t k)
{
    uint32_t i = ws_hash(t->pub.ws[k].addr) & t->ws_mask;
    while (t->ws_idx[i])
        i = (i + 1) & t->ws_mask;
    t->ws_idx[i] = k + 1;
    t->pub.ws[k].pos = i;
}

/* (Re)builds the hash index, with room for ws_cap entries. */
static void ws_reindex(struct stm_thread *t)
{
    uint32_t size = t->ws_cap * 2;
    if (t->ws_mask + 1 != size) {
        free(t->ws_idx);
        t->ws_idx = calloc(size, sizeof(uint32_t));
        if (!t->ws_idx)
            die("atomicc: out of memory in the STM runtime\n");
        t->ws_mask = size - 1;
    }
    for (uint32_t k = 0; k < t->pub.ws_n; k++)
        ws_index_put(t, k);
    t->ws_indexed = 1;
}

static __attribute__((noinline)) void ws_grow(struct stm_thread *t)
{
    uint32_t cap = t->ws_cap * 2;
    t->pub.ws = xrealloc(t->pub.ws, cap * sizeof *t->pub.ws);
    t->lk = xrealloc(t->lk, cap * sizeof *t->lk);
    t->ws_cap = t->lk_cap = cap;
    if (t->ws_indexed) {
        memset(t->ws_idx, 0, (t->ws_mask + 1) * sizeof(uint32_t));
        ws_reindex(t);
    }
}

/* The entry of `word`, created (empty) if the attempt has not written it. */
static struct wentry *ws_get(struct stm_thread *t, uintptr_t word)
{
    uint64_t bit = (uint64_t)1 << ATOMICC__STM_BLOOM_BIT(word);
    if (t->pub.bloom & bit) {
        struct wentry *e = ws_find(t, word);
        if (e)
            return e;
    }
    if (__builtin_expect(t->pub.ws_n == t->ws_cap, 0))
        ws_grow(t);
    uint32_t k = t->pub.ws_n++;
    struct wentry *e = &t->pub.ws[k];
    /* fetch the lines the commit will lock and write for ownership now, as
     * the inline paths do (atomicc__stm_will_write): their misses overlap
     * the rest of the attempt instead of following each other at commit */
    if (k < 8) {
        __builtin_prefetch(lock_of(word), 1);
        __builtin_prefetch((const void *)word, 1);
    }
    e->addr = word;
    e->val = 0;
    e->mask = 0;
    t->pub.bloom |= bit;
    if (t->ws_indexed)
        ws_index_put(t, k);
    else if (t->pub.ws_n > WS_LINEAR) {
        t->pub.ws_inline = 0; /* appends must now go through the index */
        ws_reindex(t);
    }
    return e;
}

static void ws_clear(struct stm_thread *t)
{
    if (t->ws_indexed) {
        for (uint32_t k = 0; k < t->pub.ws_n; k++)
            t->ws_idx[t->pub.ws[k].pos] = 0;
        t->ws_indexed = 0;
    }
    t->pub.ws_n = 0;
    t->pub.ws_inline = t->ws_cap < WS_LINEAR ? t->ws_cap : WS_LINEAR;
    t->pub.bloom = 0;
}

static void vec_push(struct ptrvec *v, void *p)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 16;
        v->v = xrealloc(v->v, v->cap * sizeof(void *));
    }
    v->v[v->n++] = p;
}

/* ---- thread registry ------------------------------------------------------ */

static void heavy_barrier(void)
{
#if defined(__linux__) && !defined(ATOMICC_NO_MEMBARRIER) && defined(SYS_membarrier)
    if (g_membarrier_ok) {
        if (syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) == 0)
            return;
        die("atomicc: membarrier failed after registration\n");
    }
#endif
    __atomic_fetch_add(&g_threads.n, 0, __ATOMIC_SEQ_CST);
}

static void thread_exit(void *p);

static void global_init(void)
{
#if defined(__linux__) && !defined(ATOMICC_NO_MEMBARRIER) && defined(SYS_membarrier)
    long cmds = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
    if (cmds > 0 && (cmds & MEMBARRIER_CMD_PRIVATE_EXPEDITED) &&
        syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0)
        g_membarrier_ok = 1;
#endif
    const char *q = getenv("ATOMICC_STM_QUIESCE");
    g_quiesce_all = q && strcmp(q, "all") == 0;
    /* ATOMICC_SOLO=0 (atomicc_rt.h): the count never reads 1, so no attempt
     * runs solo.  No thread has joined yet (we run before the first join). */
    if (!atomicc__solo_allowed())
        __atomic_fetch_or(&g_threads.n, STM_SOLO_OFF, __ATOMIC_SEQ_CST);
    if (pthread_key_create(&g_key, thread_exit) != 0)
        die("atomicc: pthread_key_create failed\n");
}

/* The lowest address of this thread's stack. */
static void stack_bounds(struct stm_thread *t)
{
    pthread_attr_t attr;
    void *lo = NULL;
    size_t size = 0;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        if (pthread_attr_getstack(&attr, &lo, &size) != 0)
            lo = NULL;
        pthread_attr_destroy(&attr);
    }
    if (!lo) /* assume 1 MiB below here */
        lo = (char *)__builtin_frame_address(0) - ((size_t)1 << 20);
    t->pub.stack_lo = (uintptr_t)lo;
}

/* A thread slot (1..NSLOTS-1; a thread holds one from its first block until
 * it exits).  With all of them in use, wait parked for a thread to exit:
 * the waiter counts itself in g_slot_wait.waiters (seq_cst), then looks at
 * every slot again, then sleeps on g_slot_wait.seq as read before counting
 * itself; an exiting thread frees its slot (seq_cst), then bumps seq and
 * wakes the sleepers if it sees a waiter.  So either the waiter's second
 * look sees the freed slot, or the exiting thread sees the waiter and its
 * bump makes the futex return: no lost wake-up.  The wait is bounded: when
 * no slot has come free for ATOMICC_STM_SLOT_WAIT_MS (10 s; a slot that
 * came free and went to another waiter restarts the count) the runtime
 * aborts with a message (the threads holding the slots may be waiting for
 * this one, a wait without end would hang silently).  Slot numbers never
 * wrap into the version word's other bits. */
#ifndef ATOMICC_STM_SLOT_WAIT_MS
#define ATOMICC_STM_SLOT_WAIT_MS 10000
#endif
#define SLOT_NAP_MS 10 /* each sleep ends after this long at most */

/* (Relaxed loads: under ThreadSanitizer an acquire costs a merge of
 * vector clocks as long as the number of threads, and 1,023 threads each
 * scanning 1,023 slots took 20 s instead of 2.  The seq_cst RMW on the
 * waiters count before the second look is a full barrier on the hardware;
 * where the memory model would let that look miss a freed slot, the nap's
 * 10 ms timeout looks again.) */
static unsigned slot_try(void)
{
    for (unsigned s = 1; s < NSLOTS; s++) {
        unsigned z = 0;
        if (__atomic_load_n(&g_slot_used[s], __ATOMIC_RELAXED) == 0 &&
            __atomic_compare_exchange_n(&g_slot_used[s], &z, 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {
            unsigned hi = __atomic_load_n(&g_slot_hi, __ATOMIC_RELAXED);
            while (hi < s + 1 &&
                   !__atomic_compare_exchange_n(&g_slot_hi, &hi, s + 1, 1, __ATOMIC_RELEASE, __ATOMIC_RELAXED))
                ;
            return s;
        }
    }
    return 0;
}

static __attribute__((noreturn, cold, noinline)) void die_no_slot(const char *where)
{
    char at[320] = "", msg[768];
    if (where)
        snprintf(at, sizeof at, " (a new thread's first stm block, at %s)", where);
    snprintf(msg, sizeof msg,
             "atomicc: more than %u threads use the stm strategy at once%s: each thread that has run an stm "
             "block holds one of the runtime's %u thread slots until it exits, and none came free in %u ms "
             "(the limit is ATOMICC_STM_SLOTS - 1, atomicc_stm.h; use fewer threads, e.g. a thread pool)\n",
             NSLOTS - 1, at, NSLOTS - 1, (unsigned)ATOMICC_STM_SLOT_WAIT_MS);
    die(msg);
}

static unsigned slot_acquire(const char *where)
{
    unsigned s = slot_try();
    if (__builtin_expect(s != 0, 1))
        return s;
    struct atomicc__wd wd;
    atomicc__wd_begin(&wd, where, "stm", "one of the 1023 thread slots to come free (another thread to exit)");
#if !defined(ATOMICC_SIM)
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
#endif
    unsigned last = __atomic_load_n(&g_slot_wait.seq, __ATOMIC_SEQ_CST);
    for (unsigned naps = 0;; naps++) {
        unsigned seq = __atomic_load_n(&g_slot_wait.seq, __ATOMIC_SEQ_CST);
        if (seq != last) { /* a thread exited: count from here */
            last = seq;
            naps = 0;
#if !defined(ATOMICC_SIM)
            clock_gettime(CLOCK_MONOTONIC, &t0);
#endif
        }
        __atomic_fetch_add(&g_slot_wait.waiters, 1, __ATOMIC_SEQ_CST);
        s = slot_try();
        if (!s)
            atomicc__park_timed(&g_slot_wait.seq, seq, SLOT_NAP_MS * 1000000L);
        __atomic_fetch_sub(&g_slot_wait.waiters, 1, __ATOMIC_SEQ_CST);
        if (s || (s = slot_try()) != 0)
            return s;
        atomicc__wd_poll(&wd);
#if defined(ATOMICC_SIM)
        long long waited_ms = (long long)(naps + 1) * SLOT_NAP_MS; /* no real time in the simulator */
#else
        clock_gettime(CLOCK_MONOTONIC, &t1);
        long long waited_ms = (t1.tv_sec - t0.tv_sec) * 1000LL + (t1.tv_nsec - t0.tv_nsec) / 1000000;
#endif
        if (waited_ms >= ATOMICC_STM_SLOT_WAIT_MS)
            die_no_slot(where);
    }
}

/* The first block of a thread: registers it (depth 1 on return). */
atomicc_tx_t *atomicc__stm_begin_first(const char *where)
{
    pthread_once(&g_once, global_init);
    struct stm_thread *t;
    size_t sz = (sizeof *t + ATOMICC_CACHE_LINE - 1) & ~(size_t)(ATOMICC_CACHE_LINE - 1);
    t = aligned_alloc(ATOMICC_CACHE_LINE, sz);
    if (!t)
        die("atomicc: out of memory in the STM runtime\n");
    memset(t, 0, sizeof *t);
    t->slot = slot_acquire(where);
#ifdef ATOMICC_STM_GLOBAL_CLOCK
    t->cslot = 0;
#else
    t->cslot = (unsigned short)t->slot;
#endif
    t->quiesce_all = (unsigned short)g_quiesce_all;
    t->aborts = __atomic_load_n(&g_state[t->slot].aborts, __ATOMIC_RELAXED);
    /* Slots at or above g_slot_hi have never been used: their clocks are 0
     * (and any value <= a slot's clock is a valid snapshot entry), so only
     * the clock lines of slots in use are read, not all 1,024 (a new thread
     * at 64 simulated vCPUs read 1,024 lines: ~41k cycles, 200k for the
     * first one, inside the timed phase of every benchmark). */
    unsigned hi = __atomic_load_n(&g_slot_hi, __ATOMIC_ACQUIRE);
    for (unsigned s = 0; s < NSLOTS; s++)
        t->pub.seen[s] = seen_word(s < hi ? __atomic_load_n(&g_clock[s].c, __ATOMIC_ACQUIRE) : 0, s);
    t->rs_cap = 1024;
    t->rs_base = (void **)xrealloc(NULL, (t->rs_cap + 1) * sizeof(void *)) + 1;
    t->rs_base[-1] = NULL; /* the sentinel (see rs_grow) */
    t->pub.rs_top = t->rs_base;
    t->pub.rs_end = t->rs_base + t->rs_cap;
    t->ws_cap = t->lk_cap = 64;
    t->pub.ws = xrealloc(NULL, t->ws_cap * sizeof *t->pub.ws);
    t->lk = xrealloc(NULL, t->lk_cap * sizeof *t->lk);
    ws_clear(t);
    undo_grow(t, 4096);
    stack_bounds(t);
    t->pub.solo_busy = &g_solo.busy;
    t->pub.stat_commits = &g_state[t->slot].solo_commits;
    t->rng = 0x9E3779B97F4A7C15ull * (t->slot + 1) ^ (uint64_t)(uintptr_t)t;

    /* Join: from now on no other thread runs solo (see the file comment).
     * Each step of g_nthreads adds its change of min(g_nthreads, CAP) to
     * g_threads.n, so a crowd of threads starting up does not pull that line
     * to every CPU once per thread.  A registrant that did not move it
     * waits until it shows two threads (the one that moves it is between
     * two instructions) or until it is alone (the others exited), so the
     * barrier follows a count above one as in the handshake. */
    if (__atomic_add_fetch(&g_nthreads.n, 1, __ATOMIC_SEQ_CST) <= STM_THREADS_CAP) {
        __atomic_fetch_add(&g_threads.n, 1, __ATOMIC_SEQ_CST);
    } else {
        for (unsigned spins = 0; (__atomic_load_n(&g_threads.n, __ATOMIC_SEQ_CST) & ~STM_SOLO_OFF) < 2 &&
                                 __atomic_load_n(&g_nthreads.n, __ATOMIC_SEQ_CST) >= 2;
             spins++) {
            if (spins < 64)
                atomicc__cpu_relax();
            else
                sched_yield();
        }
    }
    heavy_barrier();
    /* (the solo block is short or ends soon: it never waits for another
     * thread; but it may run for long, so sleep in short naps, as pervar.c) */
    struct atomicc__wd wd;
    wd.deadline = 0;
    for (unsigned spins = 0; __atomic_load_n(&g_solo.busy, __ATOMIC_ACQUIRE); spins++) {
        if (spins < 64) {
            atomicc__cpu_relax();
        } else if (spins < 128) {
            sched_yield();
        } else {
            if (spins == 128)
                atomicc__wd_begin(&wd, where, "stm",
                                  "the block another thread runs alone (single-thread mode) to end");
            atomicc__park_timed(&g_solo.busy, 1, 100000);
            atomicc__wd_poll(&wd);
        }
    }
    pthread_setspecific(g_key, t);
    atomicc__stm_self = &t->pub;
    t->pub.depth = 1;
    return &t->pub;
}

static void thread_exit(void *p)
{
    struct stm_thread *t = p;
    if (atomicc__stm_self == &t->pub)
        atomicc__stm_self = NULL;
    if (__atomic_sub_fetch(&g_nthreads.n, 1, __ATOMIC_SEQ_CST) < STM_THREADS_CAP)
        __atomic_fetch_sub(&g_threads.n, 1, __ATOMIC_SEQ_CST);
    __atomic_store_n(&g_slot_used[t->slot], 0, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&g_slot_wait.waiters, __ATOMIC_SEQ_CST)) { /* see slot_acquire */
        __atomic_fetch_add(&g_slot_wait.seq, 1, __ATOMIC_SEQ_CST);
        atomicc__unpark(&g_slot_wait.seq, -1);
    }
    free(t->rs_base - 1);
    free(t->rs_set);
    free(t->pub.ws);
    free(t->ws_idx);
    free(t->lk);
    free(t->pub.ub);
    free(t->allocs.v);
    free(t->frees.v);
    free(t);
}

/* ---- attempts ------------------------------------------------------------ */

/* The low 32 bits of slot s's serial: the futex word a quiescer sleeps on
 * (a serial only ever grows by one at a time, so they change with it). */
static inline unsigned *serial_word(unsigned s)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return (unsigned *)(void *)&g_state[s].serial + 1;
#else
    return (unsigned *)(void *)&g_state[s].serial;
#endif
}

static __attribute__((noinline, cold)) void serial_wake(unsigned s)
{
    atomicc__unpark(serial_word(s), -1);
}

/* Odd (an attempt starts): a seq_cst increment (one locked add, which also
 * spares the load), for a quiescer (see the file comment).
 * Even (the attempt ended): release, then wake the quiescers sleeping on
 * this serial if there are any.  That load needs no fence after the store:
 * a quiescer counts itself in qwait and then runs membarrier() before it
 * re-reads the serial and sleeps (quiesce), the asymmetric fence of
 * global_lock.c: either this load sees qwait, or the quiescer sees the new
 * serial.  (Without membarrier quiescers sleep in short naps instead.) */
static inline __attribute__((always_inline)) void set_serial_of(unsigned s, int order)
{
    uint64_t *serial = &g_state[s].serial;
    if (order == __ATOMIC_SEQ_CST) {
        __atomic_fetch_add(serial, 1, __ATOMIC_SEQ_CST);
    } else {
        unsigned *qwait = &g_state[s].qwait;
        /* (only this thread writes its serial) */
        __atomic_store_n(serial, __atomic_load_n(serial, __ATOMIC_RELAXED) + 1, __ATOMIC_RELEASE);
        /* (the compiler keeps the store before the load: an empty asm that
         * reads the one and writes the other; not a full compiler barrier,
         * which made the commit reload everything after it) */
        __asm__ __volatile__("" : "+m"(*qwait) : "m"(*serial));
        if (__builtin_expect(__atomic_load_n(qwait, __ATOMIC_RELAXED) != 0, 0))
            serial_wake(s);
    }
}

static inline void set_serial(struct stm_thread *t, int order)
{
    set_serial_of(t->slot, order);
}

/* A full fence (a seq_cst read-modify-write of a line this thread owns:
 * ThreadSanitizer does not support atomic_thread_fence). */
static inline void full_fence(struct stm_thread *t)
{
    __atomic_fetch_add(&g_state[t->slot].serial, 0, __ATOMIC_SEQ_CST);
}

static inline void count(uint64_t *field, uint64_t *mine)
{
    ++*mine;
    __atomic_store_n(field, *mine, __ATOMIC_RELAXED);
}

static inline __attribute__((always_inline)) void attempt(atomicc_tx_t *tx, const char *where)
{
    if (tx->depth != 1)
        return; /* an inner block joins the outermost attempt */
    struct stm_thread *t = me(tx);
    /* This function's caller is the block's function: every frame below its
     * stack pointer belongs to functions the block calls. */
    tx->stack_span = (uintptr_t)__builtin_frame_address(0) + 2 * sizeof(void *) - tx->stack_lo;
    tx->ub_len = 0;
    tx->pm_ = 0; /* privatizing, mem */
#ifdef ATOMICC_STM_NO_SOLO /* benchmarks: measure normal mode at one thread */
    if (0) {
#else
    if (__atomic_load_n(&g_threads.n, __ATOMIC_RELAXED) == 1 && !t->force_normal) {
#endif
        if (g_membarrier_ok) {
            __atomic_store_n(&g_solo.busy, 1, __ATOMIC_RELAXED);
            __atomic_signal_fence(__ATOMIC_SEQ_CST); /* the registrant's membarrier does the rest */
        } else {
            __atomic_exchange_n(&g_solo.busy, 1, __ATOMIC_SEQ_CST);
        }
        if (__atomic_load_n(&g_threads.n, __ATOMIC_ACQUIRE) == 1) {
            t->consecutive = 0;
            tx->solo = 1;
            tx->bloom = ~(uint64_t)0; /* every read takes the out-of-line path */
            return;
        }
        __atomic_store_n(&g_solo.busy, 0, __ATOMIC_RELEASE);
    }
    /* (solo is 0: every end of an attempt clears it) */
    tx->bloom = 0;
    tx->rs_top = t->rs_base;
    t->where = where; /* (a solo attempt never aborts, waits or quiesces) */
    /* odd: running.  A locked increment orders it before our first read,
     * for a quiescer (see the file comment). */
    set_serial(t, __ATOMIC_SEQ_CST);
}

/* (attempt() is inlined into both: the caller's frame must be the block's.) */
void __attribute__((noinline)) atomicc__stm_attempt_at(atomicc_tx_t *tx, const char *where)
{
    attempt(tx, where);
}

void __attribute__((noinline)) atomicc_stm_attempt(atomicc_tx_t *tx)
{
    attempt(tx, NULL);
}

static __attribute__((noreturn)) void restart(struct stm_thread *t)
{
    t->pub.depth = 1;
    if (t->pub.restart_kind == ATOMICC__STM_RESTART_LIBC)
        longjmp((void *)t->pub.restart, 1);
    if (t->pub.restart_kind == ATOMICC__STM_RESTART_BUILTIN)
        __builtin_longjmp((void **)t->pub.restart, 1);
    die("atomicc: STM abort in a block without a restart point\n");
}

/* Drops the attempt's effects (not its read set). */
static void rollback(struct stm_thread *t)
{
    ATOMICC__SIM_ABORT(2);
    for (uint32_t i = 0; i < t->lk_n; i++)
        __atomic_store_n(t->lk[i].lock, t->lk[i].old, __ATOMIC_RELEASE);
    t->lk_n = 0;
    undo_restore(t);
    for (size_t i = 0; i < t->allocs.n; i++)
        free(t->allocs.v[i]);
    t->allocs.n = 0;
    t->frees.n = 0;
    ws_clear(t);
    if (t->pub.solo) {
        t->pub.solo = 0;
        __atomic_store_n(&g_solo.busy, 0, __ATOMIC_RELEASE);
        uint64_t *sa = &g_state[t->slot].solo_aborts; /* (only this thread writes it) */
        __atomic_store_n(sa, __atomic_load_n(sa, __ATOMIC_RELAXED) + 1, __ATOMIC_RELAXED);
    } else {
        set_serial(t, __ATOMIC_RELEASE); /* even: not running */
    }
    count(&g_state[t->slot].aborts, &t->aborts);
}

static void backoff(struct stm_thread *t)
{
    unsigned k = ++t->consecutive;
    unsigned shift = k < BACKOFF_MAX ? k : BACKOFF_MAX;
    uint64_t x = t->rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    t->rng = x;
    unsigned n = (unsigned)((x * 2685821657736338717ull) >> 40) & ((1u << shift) - 1);
    for (unsigned i = 0; i < n; i++)
        atomicc__cpu_relax();
    if (k >= YIELD_AFTER)
        sched_yield();
    /* The watchdog: a run of aborts is one wait, from the first abort to the
     * commit (finish() resets `consecutive`).  Off: one load and a branch
     * at the first abort, a test of a zero deadline at the next ones. */
    if (k == 1) {
        atomicc__wd_begin(&t->wd, t->where, "stm",
                          "its transaction to commit; it keeps aborting on conflicts with other threads' "
                          "transactions");
    } else if (__builtin_expect(t->wd.deadline != 0, 0)) {
        t->wd.count = k;
        atomicc__wd_poll(&t->wd);
    }
}

/* A conflict: undo, back off, run the outermost block again. */
static __attribute__((noreturn, noinline, cold)) void conflict(struct stm_thread *t)
{
    rollback(t);
    backoff(t);
    restart(t);
}

/* ---- reads --------------------------------------------------------------- */

/* The read set is still valid against the snapshot: every stripe read is
 * unlocked and no newer than seen[].  (During a commit, seen[] holds all ones
 * for the committer's own slot, so the stripes it has locked, whose locked
 * words name that slot, pass; each was checked when it was locked.) */
static int validate(struct stm_thread *t)
{
    const uint64_t *seen = t->pub.seen;
    for (void **p = t->rs_base, **top = t->pub.rs_top; p < top; p++) {
        uint64_t w = __atomic_load_n((atomicc__stm_word_t *)*p, __ATOMIC_ACQUIRE);
        if (__builtin_expect(w > seen[(w >> 2) & (NSLOTS - 1)], 0))
            return 0;
    }
    return 1;
}

/* Was stripe l read by this attempt?  A commit asks for every stripe of its
 * write set that changed since its snapshot.  Up to RS_SCAN entries it scans
 * the read set; beyond, the first question builds a hash set of it (kept in
 * the thread with the serial of the attempt it belongs to, so a later
 * attempt's commit builds its own): labyrinth's routing
 * transactions read some ten thousand grid cells and write hundreds, and the
 * scan per written stripe made a commit quadratic (at 64 simulated vCPUs a
 * run of 8 pairs did not end in 120 s of host time). */
#define RS_SCAN 32

static __attribute__((noinline)) int in_read_set_hashed(struct stm_thread *t, atomicc__stm_word_t *l)
{
    size_t n = (size_t)(t->pub.rs_top - t->rs_base);
    uint64_t serial = __atomic_load_n(&g_state[t->slot].serial, __ATOMIC_RELAXED); /* (ours) */
    if (t->rs_set_serial != serial) {
        size_t cap = 64;
        while (cap < 2 * n)
            cap *= 2;
        if (cap - 1 > t->rs_set_mask) {
            free(t->rs_set);
            t->rs_set = xrealloc(NULL, cap * sizeof(void *));
            t->rs_set_mask = cap - 1;
        }
        memset(t->rs_set, 0, (t->rs_set_mask + 1) * sizeof(void *));
        for (void **p = t->rs_base, **top = t->pub.rs_top; p < top; p++) {
            size_t h = ws_hash((uintptr_t)*p) & t->rs_set_mask;
            while (t->rs_set[h] && t->rs_set[h] != *p)
                h = (h + 1) & t->rs_set_mask;
            t->rs_set[h] = *p;
        }
        t->rs_set_serial = serial;
    }
    for (size_t h = ws_hash((uintptr_t)l) & t->rs_set_mask; t->rs_set[h]; h = (h + 1) & t->rs_set_mask)
        if (t->rs_set[h] == l)
            return 1;
    return 0;
}

/* [base, top) is the read set (the caller has them in registers). */
static inline __attribute__((always_inline)) int in_read_set(struct stm_thread *t, void **base, void **top,
                                                             atomicc__stm_word_t *l)
{
    if (top - base > RS_SCAN)
        return in_read_set_hashed(t, l);
    for (void **p = base; p < top; p++)
        if (*p == l)
            return 1;
    return 0;
}

/* The commit number of slot s that a snapshot extension to the unlocked
 * stripe word w may include: w's own (see extend_rs), or with few threads
 * the slot's published clock, which covers its later commits too. */
static inline uint64_t known_commit(uint64_t w, unsigned s)
{
    uint64_t c = w >> VERSION_SHIFT;
    if ((__atomic_load_n(&g_threads.n, __ATOMIC_RELAXED) & ~STM_SOLO_OFF) <= STM_CLOCK_READ_MAX) {
        uint64_t p = __atomic_load_n(&g_clock[s].c, __ATOMIC_ACQUIRE);
        if (p > c)
            c = p;
    }
    return c;
}

/* Brings commits of slot s into the snapshot, or aborts.  w is an unlocked
 * stripe word newer than the snapshot, just read with acquire; [base, top)
 * is the read set. */
static inline __attribute__((always_inline)) void extend_rs(struct stm_thread *t, uint64_t w,
                                                            void **base, void **top)
{
    unsigned s = (unsigned)(w >> 2) & (NSLOTS - 1);
    uint64_t c;
#if defined(ATOMICC_STM_GLOBAL_CLOCK)
    /* TL2: a number is taken before the write-back, so a smaller one may
     * still be writing: wait until the clock passed it, and for a writer
     * that numbered its commit and has not released yet (briefly: it may
     * have been descheduled in between). */
    for (unsigned spins = 0;; spins++) {
        c = __atomic_load_n(&g_clock[s].c, __ATOMIC_ACQUIRE);
        if (c >= w >> VERSION_SHIFT)
            break;
        if (spins > ATOMICC_STM_LOCK_SPIN)
            conflict(t);
        atomicc__cpu_relax();
    }
#else
    /* The stripe itself says that commit c of slot s is complete: a commit
     * writes back all its words before it releases any stripe (release
     * stores; we read w with acquire), and slot s's commits run one after
     * the other, so every commit of slot s numbered <= c is complete too.
     * No need to read the writer's clock line, which it writes at every
     * commit: at 16 simulated CPUs those lines were the hottest of the bank
     * benchmark (25k transfers each per 400k transfers).  With few threads
     * that line is cheap to read and its (published, hence complete)
     * number covers the writer's later commits too, which saves the next
     * extensions (bank at 2 threads: 9 % faster than without it). */
    c = known_commit(w, s);
#endif
    uint64_t *seen = t->pub.seen;
    for (void **p = base; p < top; p++) {
        uint64_t x = __atomic_load_n((atomicc__stm_word_t *)*p, __ATOMIC_ACQUIRE);
        if (__builtin_expect(x > seen[(x >> 2) & (NSLOTS - 1)], 0))
            conflict(t);
    }
    /* (seen[s] < w <= nw: w carries commit number c or less, and nw has
     * both low bits set) */
    seen[s] = seen_word(c, s);
}

static __attribute__((noinline)) void extend(struct stm_thread *t, uint64_t w)
{
    extend_rs(t, w, t->rs_base, t->pub.rs_top);
}

/* Waits until the stripe is in the snapshot; returns its word. */
static inline uint64_t stable_word(struct stm_thread *t, atomicc__stm_word_t *l)
{
    unsigned spins = 0;
    for (;;) {
        uint64_t w = __atomic_load_n(l, __ATOMIC_ACQUIRE);
        if (__builtin_expect(w <= seen_of(t, w), 1))
            return w;
        if (w & LOCKED) {
            if (++spins > ATOMICC_STM_LOCK_SPIN)
                conflict(t);
            atomicc__cpu_relax();
        } else {
            extend(t, w);
        }
    }
}

/* One aligned load of 1, 2, 4 or 8 bytes. */
static inline uint64_t load_word(const void *p, unsigned size, int order)
{
    switch (size) {
    case 8: return __atomic_load_n((const uint64_t *)p, order);
    case 4: return __atomic_load_n((const uint32_t *)p, order);
    case 2: return __atomic_load_n((const uint16_t *)p, order);
    default: return __atomic_load_n((const uint8_t *)p, order);
    }
}

/* A transactional read of the aligned 1, 2, 4 or 8 bytes at p, whose
 * stripe is l: a value its stripe was unchanged around, in the snapshot;
 * the stripe joins the read set. */
static inline uint64_t read_stable(struct stm_thread *t, atomicc__stm_word_t *l, const void *p, unsigned size)
{
    for (;;) {
        uint64_t w = stable_word(t, l);
        uint64_t v = load_word(p, size, __ATOMIC_ACQUIRE);
        if (__builtin_expect(__atomic_load_n(l, __ATOMIC_RELAXED) == w, 1)) {
            rs_push(t, l);
            return v;
        }
    }
}

/* A delta entry (ATOMICC__STM_DELTA: the attempt added e->val to the word
 * without reading it) that the attempt now reads or partly overwrites
 * becomes a plain one: the word's value, read as any transactional read
 * (into the read set), plus the addend. */
static __attribute__((noinline)) void ws_materialize(struct stm_thread *t, struct wentry *e)
{
    e->val += read_stable(t, lock_of(e->addr), (const void *)e->addr, 8);
    e->mask = 0xff;
}

/* The commit's write-back of a delta entry's addend (the stripe is ours: no
 * other commit writes the word). */
static inline void add_back(uint64_t *a, uint64_t d)
{
    __atomic_store_n(a, __atomic_load_n(a, __ATOMIC_ACQUIRE) + d, __ATOMIC_RELEASE);
}

static inline uint32_t bytemask(unsigned lo, unsigned hi)
{
    return ((1u << hi) - 1) & ~((1u << lo) - 1);
}

/* Reads bytes [lo, hi) of the aligned word at `word` into dst. */
static void read_word(struct stm_thread *t, unsigned char *dst, uintptr_t word, unsigned lo,
                      unsigned hi)
{
    struct wentry *e = NULL;
    uint32_t need = bytemask(lo, hi);
    if ((t->pub.bloom >> ATOMICC__STM_BLOOM_BIT(word)) & 1)
        e = ws_find(t, word);
    if (e && (e->mask & WS_DELTA))
        ws_materialize(t, e);
    if (e && (e->mask & need) == need) {
        memcpy(dst, (unsigned char *)&e->val + lo, hi - lo);
        return;
    }
    atomicc__stm_word_t *l = lock_of(word);
    for (;;) {
        uint64_t w = stable_word(t, l);
        load_pieces(dst, word + lo, hi - lo, __ATOMIC_ACQUIRE);
        if (__atomic_load_n(l, __ATOMIC_RELAXED) == w)
            break;
    }
    rs_push(t, l);
    if (e) {
        for (unsigned o = lo; o < hi; o++)
            if (e->mask & (1u << o))
                dst[o - lo] = ((unsigned char *)&e->val)[o];
    }
}

static void read_range(struct stm_thread *t, unsigned char *dst, uintptr_t a, size_t n)
{
    while (n) {
        uintptr_t word = a & ~(uintptr_t)7;
        unsigned lo = (unsigned)(a & 7);
        unsigned hi = n < 8 - lo ? lo + (unsigned)n : 8;
        read_word(t, dst, word, lo, hi);
        dst += hi - lo;
        a += hi - lo;
        n -= hi - lo;
    }
}

/* What the inline read leaves to this function is mostly a stripe newer
 * than the snapshot (another thread's commit since this thread last met
 * that slot: at 64 simulated vCPUs on the bank, most reads).  An aligned
 * word that is not in the write set takes a direct path: extend, load, check
 * the stripe is unchanged, record it; read_range's byte loop (a buffer, a
 * piece per byte range, the write-set merge) is for everything else. */
uint64_t atomicc__stm_load_slow(atomicc_tx_t *tx, const void *p, unsigned size)
{
    struct stm_thread *t = me(tx);
    unsigned char buf[8];
    uintptr_t a = (uintptr_t)p;
    if (__builtin_expect(!tx->solo && !(a & (size - 1)) && !((tx->bloom >> ATOMICC__STM_BLOOM_BIT(a)) & 1), 1)) {
        return read_stable(t, lock_of(a), p, size);
    }
    if (tx->solo) {
        if (!(a & (size - 1)))
            return load_word(p, size, __ATOMIC_RELAXED);
        load_pieces(buf, a, size, __ATOMIC_RELAXED);
    } else {
        read_range(t, buf, a, size);
    }
    return bytes_to_int(buf, size);
}

/* What the inline read of an aligned word that is not in the write set
 * leaves out of line: w, the stripe's word it read after the value, is newer
 * than the snapshot (or locked, or the read set is full).  A newer unlocked
 * stripe: extend the snapshot to w's commit, load again, and keep the value
 * if the stripe is still w (the value is then that commit's: it locks the
 * stripe before its write-back, and releases it after).  Anything else
 * takes the general path. */
uint64_t atomicc__stm_load_word(atomicc_tx_t *tx, const void *p, unsigned size, uint64_t w)
{
#if !defined(ATOMICC_STM_GLOBAL_CLOCK)
    uintptr_t a = (uintptr_t)p;
    if (__builtin_expect(!(w & LOCKED) && !(a & (size - 1)), 1)) {
        struct stm_thread *t = me(tx);
        atomicc__stm_word_t *l = lock_of(a);
        unsigned s = (unsigned)(w >> 2) & (NSLOTS - 1);
        void **top = tx->rs_top;
        int first = top[-1] == NULL;
        if (first) {
            /* The attempt's first read (the read set is empty: its slot
             * before the first entry holds NULL).  An empty read set is
             * consistent with any snapshot, so the extension validates
             * nothing: set seen[s] to w's commit.  (The inline read came
             * here because w is above seen[s]: an empty read set has room,
             * rs_cap >= 1024, so this only raises it.) */
            tx->seen[s] = seen_word(known_commit(w, s), s);
        } else if (w > tx->seen[s]) {
            extend_rs(t, w, t->rs_base, top);
        }
        uint64_t v = load_word(p, size, __ATOMIC_ACQUIRE);
        if (__builtin_expect(__atomic_load_n(l, __ATOMIC_RELAXED) == w, 1)) {
            if (__builtin_expect(!first && top == tx->rs_end, 0)) {
                rs_grow(t);
                top = tx->rs_top;
            }
            *top = l;
            tx->rs_top = top + 1;
            return v;
        }
    }
#else
    (void)w;
#endif
    return atomicc__stm_load_slow(tx, p, size);
}

void atomicc__stm_load_bytes(atomicc_tx_t *tx, void *dst, const void *src, size_t n)
{
    struct stm_thread *t = me(tx);
    if (tx->solo)
        load_pieces(dst, (uintptr_t)src, n, __ATOMIC_RELAXED);
    else
        read_range(t, dst, (uintptr_t)src, n);
}

/* ---- writes -------------------------------------------------------------- */

static void write_range(struct stm_thread *t, uintptr_t a, const unsigned char *src, size_t n)
{
    while (n) {
        uintptr_t word = a & ~(uintptr_t)7;
        unsigned lo = (unsigned)(a & 7);
        unsigned hi = n < 8 - lo ? lo + (unsigned)n : 8;
        struct wentry *e = ws_get(t, word);
        if (e->mask & WS_DELTA)
            ws_materialize(t, e);
        memcpy((unsigned char *)&e->val + lo, src, hi - lo);
        e->mask |= bytemask(lo, hi);
        src += hi - lo;
        a += hi - lo;
        n -= hi - lo;
    }
}

void atomicc__stm_store(atomicc_tx_t *tx, void *p, uint64_t v, unsigned size)
{
    struct stm_thread *t = me(tx);
    uintptr_t a = (uintptr_t)p;
    if (__builtin_expect(!tx->solo && !(a & (size - 1)) && !callee_stack(t, a), 1)) {
        struct wentry *e = ws_get(t, a & ~(uintptr_t)7);
        unsigned o = (unsigned)(a & 7);
        if (size == 8) {
            e->val = v; /* (a delta entry too: overwritten whole) */
            e->mask = 0xff;
            return;
        }
        if (e->mask & WS_DELTA)
            ws_materialize(t, e);
        int_to_bytes((unsigned char *)&e->val + o, v, size);
        e->mask |= bytemask(o, o + size);
        return;
    }
    unsigned char b[8];
    int_to_bytes(b, v, size);
    atomicc__stm_store_bytes(tx, p, b, size);
}

/* What the inline delta (atomicc__stm_add8) leaves out of line: solo mode
 * (in place, logged), a called function's stack (in place), a word the
 * attempt has written already (its entry adds d to the addend or to the
 * value), a big write set. */
void atomicc__stm_add(atomicc_tx_t *tx, void *p, uint64_t d)
{
    struct stm_thread *t = me(tx);
    uintptr_t a = (uintptr_t)p;
    if (tx->solo || callee_stack(t, a)) {
        if (tx->solo)
            undo_push(t, a, 8); /* (a callee's frame: skipped by the restore) */
        __atomic_store_n((uint64_t *)p, __atomic_load_n((uint64_t *)p, __ATOMIC_RELAXED) + d, __ATOMIC_RELAXED);
        return;
    }
    struct wentry *e = ws_get(t, a);
    if (e->mask == 0) {         /* a new entry */
        e->val = d;
        e->mask = 0xff | WS_DELTA;
    } else if (e->mask == 0xff || (e->mask & WS_DELTA)) {
        e->val += d;            /* the attempt's own value, or the addend */
    } else {                    /* some bytes written: the others come from the word */
        unsigned char b[8];
        read_word(t, b, a, 0, 8);
        e->val = bytes_to_int(b, 8) + d;
        e->mask = 0xff;
    }
}

void atomicc__stm_store_bytes(atomicc_tx_t *tx, void *dst, const void *src, size_t n)
{
    struct stm_thread *t = me(tx);
    uintptr_t a = (uintptr_t)dst;
    if (tx->solo) {
        undo_push(t, a, n); /* (a callee's frame: skipped by the restore) */
        store_pieces(a, src, n);
    } else if (callee_stack(t, a)) {
        store_pieces(a, src, n); /* dead by commit time: straight to memory */
    } else {
        write_range(t, a, src, n);
    }
}

void atomicc_stm_log_local(atomicc_tx_t *tx, void *p, size_t n)
{
    struct stm_thread *t = me(tx);
    uintptr_t a = (uintptr_t)p;
    if (tx->depth == 0 || a - tx->stack_lo < tx->stack_span)
        return; /* (outside a block, or a frame of a function the block called) */
    size_t len = tx->ub_len;
    const size_t rec = 8 + sizeof(struct undo_trailer);
    if (__builtin_expect(n <= 8 && !(n & (n - 1)) && !(a & (n - 1)) && len + rec <= tx->ub_cap, 1)) {
        /* a scalar: undo_push's record, written a field at a time */
        unsigned char *r = tx->ub + len;
        uint64_t v = load_word(p, (unsigned)n, __ATOMIC_RELAXED);
        switch (n) {
        case 8: *(uint64_t *)(void *)r = v; break;
        case 4: *(uint32_t *)(void *)r = (uint32_t)v; break;
        case 2: *(uint16_t *)(void *)r = (uint16_t)v; break;
        default: *r = (unsigned char)v; break;
        }
        struct undo_trailer *tr = (struct undo_trailer *)(void *)(r + 8);
        tr->addr = a;
        tr->size = n;
        tx->ub_len = len + rec;
        return;
    }
    undo_push(t, a, n);
}

void atomicc_stm_privatizing(atomicc_tx_t *tx)
{
    tx->privatizing = 1;
}

/* ---- commit -------------------------------------------------------------- */

static void write_back(struct wentry *e)
{
    if (e->mask & WS_DELTA) {
        add_back((uint64_t *)e->addr, e->val);
        return;
    }
    if (e->mask == 0xff) {
        __atomic_store_n((uint64_t *)e->addr, e->val, __ATOMIC_RELEASE);
        return;
    }
    const unsigned char *b = (const unsigned char *)&e->val;
    for (unsigned o = 0; o < 8;) {
        if (!(e->mask & (1u << o))) {
            o++;
            continue;
        }
        unsigned end = o;
        while (end < 8 && (e->mask & (1u << end)))
            end++;
        store_pieces(e->addr + o, b + o, end - o);
        o = end;
    }
}

/* Rounds of `pause`, then of sched_yield(), before a quiescer sleeps. */
#ifndef ATOMICC_STM_QUIESCE_SPIN
#define ATOMICC_STM_QUIESCE_SPIN 256
#endif
#ifndef ATOMICC_STM_QUIESCE_YIELDS
#define ATOMICC_STM_QUIESCE_YIELDS 8
#endif

/* Waits until slot s's serial is no longer v (odd: an attempt was running).
 * Spins, yields a few times (the attempt's thread may be waiting for a CPU:
 * let it run), then sleeps on the serial: qwait += 1 (seq_cst), membarrier,
 * re-read, futex wait; the thread wakes the sleepers when it ends the
 * attempt (set_serial), so the wait needs no timeout.  Without membarrier
 * the end of the attempt may miss qwait: sleep in naps of 100 us. */
static __attribute__((noinline)) void quiesce_wait(struct stm_thread *t, unsigned s, uint64_t v,
                                                   struct atomicc__wd *wd, int *started)
{
    uint64_t *serial = &g_state[s].serial;
    for (unsigned spins = 0; __atomic_load_n(serial, __ATOMIC_ACQUIRE) == v; spins++) {
        if (spins < ATOMICC_STM_QUIESCE_SPIN) {
            atomicc__cpu_relax();
            continue;
        }
        if (spins < ATOMICC_STM_QUIESCE_SPIN + ATOMICC_STM_QUIESCE_YIELDS) {
            sched_yield();
            continue;
        }
        if (!*started) {
            *started = 1;
            atomicc__wd_begin(wd, t->where, "stm",
                              "the transactions that ran while it committed to end (it unlinked or freed "
                              "data: privatization)");
            wd->leaving = 1;
        }
        __atomic_fetch_add(&g_state[s].qwait, 1, __ATOMIC_SEQ_CST);
        if (g_membarrier_ok) {
            heavy_barrier();
            if (__atomic_load_n(serial, __ATOMIC_SEQ_CST) == v)
                atomicc__wd_park(wd, serial_word(s), (unsigned)v);
        } else {
            atomicc__park_timed(serial_word(s), (unsigned)v, 100000);
            atomicc__wd_poll(wd);
        }
        __atomic_fetch_sub(&g_state[s].qwait, 1, __ATOMIC_SEQ_CST);
    }
}

/* Waits until every attempt that was running when this thread's commit
 * became visible has ended (see the file comment). */
static void quiesce(struct stm_thread *t)
{
    full_fence(t);
    struct atomicc__wd wd;
    wd.deadline = 0;
    int started = 0;
    unsigned hi = __atomic_load_n(&g_slot_hi, __ATOMIC_ACQUIRE);
    for (unsigned s = 1; s < hi; s++) {
        if (s == t->slot)
            continue;
        uint64_t v = __atomic_load_n(&g_state[s].serial, __ATOMIC_ACQUIRE);
        if (v & 1)
            quiesce_wait(t, s, v, &wd, &started);
    }
}

static void wake_waiters(void)
{
    __atomic_fetch_add(&g_wake.seq, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&g_wake.waiters, __ATOMIC_SEQ_CST) != 0)
        atomicc__unpark(&g_wake.seq, -1);
}

/* The rare end-of-commit work: quiescence, deferred frees. */
static __attribute__((noinline)) void finish_slow(struct stm_thread *t, int quiescing)
{
    if (quiescing)
        quiesce(t);
    for (size_t i = 0; i < t->frees.n; i++)
        free(t->frees.v[i]);
    t->frees.n = 0;
    t->allocs.n = 0;
}

/* What every successful outermost commit of thread t ends with
 * (`mem`: the attempt allocated or freed memory).  The next attempt clears
 * the undo log and the privatizing and mem flags.  Commits are not counted
 * here: a slot's serial counts its attempts (see atomicc_stm_stats). */
static inline __attribute__((always_inline)) void finish(struct stm_thread *t, int quiescing, int mem)
{
    if (__builtin_expect(quiescing | mem, 0))
        finish_slow(t, quiescing);
    t->abort_state = 0; /* consecutive, force_normal */
    t->pub.depth = 0;
    ATOMICC__SIM_COMMIT(2);
}

/* The privatizing and mem flags of the attempt, read with one load. */
union pm_flags {
    struct {
        unsigned privatizing, mem;
    };
    uint64_t all;
};
_Static_assert(offsetof(atomicc_tx_t, privatizing) == offsetof(atomicc_tx_t, pm_) &&
                   offsetof(atomicc_tx_t, mem) == offsetof(atomicc_tx_t, pm_) + sizeof(unsigned),
               "pm_ overlays privatizing, mem");

static inline union pm_flags pm_flags_of(atomicc_tx_t *tx)
{
    union pm_flags f;
    f.all = tx->pm_;
    return f;
}

static __attribute__((noinline)) void lock_busy(struct stm_thread *t, atomicc__stm_word_t *l)
{
    for (unsigned spins = 0; spins < ATOMICC_STM_LOCK_SPIN; spins++) {
        atomicc__cpu_relax();
        if (!(__atomic_load_n(l, __ATOMIC_RELAXED) & LOCKED))
            return;
    }
    conflict(t);
}

/* ---- the commit of a small write set ---------------------------------------
 * Most transactions write a few words (a bank transfer: two).  Up to
 * WS_SMALL entries the commit runs the same protocol as the general one
 * below with the write set and the lock records in locals: each entry and
 * each descriptor field is read once, the lock records go to the descriptor
 * only if the commit aborts, and the validation with the locks held tells
 * our own stripes by their locked word (LOCKED | our slot) instead of
 * raising seen[] of our slot for the duration.  A stripe newer than the
 * snapshot is looked up in a small read set right there (a bank transfer's
 * payee, usually; only a large one goes out of line to a hash set).
 * Locking it first and leaving the question to the validation, with the
 * word the lock replaced, was no faster on bank-1024 at 64 simulated vCPUs
 * (197M against 196M transfers per simulated second), and with 16 accounts
 * doomed attempts then held their locks until the validation: 9.7M -> 6.7M
 * at 8 vCPUs. */
#define WS_SMALL 4

/* A bounded wait for a stripe another commit holds: its word once free,
 * or (still locked) the commit must abort. */
static __attribute__((noinline)) uint64_t small_busy(atomicc__stm_word_t *l)
{
    uint64_t w = LOCKED;
    for (unsigned spins = 0; spins < ATOMICC_STM_LOCK_SPIN && (w & LOCKED); spins++) {
        atomicc__cpu_relax();
        w = __atomic_load_n(l, __ATOMIC_RELAXED);
    }
    return w;
}

/* A copy of a thread's slot, cslot and quiesce_all, read with one load. */
union thread_ids {
    struct {
        unsigned slot;
        unsigned short cslot, quiesce_all;
    };
    uint64_t all;
};
_Static_assert(offsetof(struct stm_thread, slot) == offsetof(struct stm_thread, ids) &&
                   offsetof(struct stm_thread, cslot) == offsetof(struct stm_thread, ids) + 4 &&
                   offsetof(struct stm_thread, quiesce_all) == offsetof(struct stm_thread, ids) + 6,
               "ids overlays slot, cslot, quiesce_all");

static inline __attribute__((always_inline)) void commit_small(struct stm_thread *t, atomicc_tx_t *tx,
                                                               struct wentry *ws, unsigned n)
{
    atomicc__stm_word_t *lck[WS_SMALL];
    uint64_t old[WS_SMALL];
    uint64_t *seen = tx->seen;
    union thread_ids ids;
    ids.all = t->ids;
    unsigned slot = ids.slot;
    uint64_t mine = LOCKED | (uint64_t)slot << 2;
    /* (the lines of the stripes and of the words were fetched for ownership
     * when the block wrote them: atomicc__stm_will_write, ws_get) */

    /* 1. lock (a stripe changed since the snapshot is fine for a blind
     *    write; one the attempt read dooms it: abort before taking more) */
    void **base = t->rs_base, **top = tx->rs_top;
    unsigned nl = 0;
    for (unsigned i = 0; i < n; i++) {
        atomicc__stm_word_t *l = lock_of(ws[i].addr);
        uint64_t w = __atomic_load_n(l, __ATOMIC_RELAXED);
        for (;;) {
            if (__builtin_expect(w & LOCKED, 0)) {
                if ((w & (LOCKED | 0xffc)) == mine)
                    goto next; /* two words of the write set share the stripe */
                w = small_busy(l);
                if (w & LOCKED)
                    goto fail;
                continue;
            }
            if (__builtin_expect(w > seen[(w >> 2) & (NSLOTS - 1)], 0)) {
                if (in_read_set(t, base, top, l))
                    goto fail;
            }
            uint64_t prev = __sync_val_compare_and_swap(l, w, mine | (uint64_t)nl << VERSION_SHIFT);
            if (__builtin_expect(prev == w, 1))
                break;
            w = prev;
        }
        lck[nl] = l;
        old[nl] = w;
        nl++;
    next:;
    }

    /* 2. number */
    uint64_t c;
    unsigned cs = ids.cslot;
    if (cs) /* (only this thread writes its clock) */
        c = __atomic_load_n(&g_clock[cs].c, __ATOMIC_RELAXED) + 1;
    else
        c = __atomic_fetch_add(&g_clock[0].c, 1, __ATOMIC_ACQ_REL) + 1;

    /* 3. validate: a stripe we hold was checked when we locked it */
    for (void **p = base; p < top; p++) {
        uint64_t w = __atomic_load_n((atomicc__stm_word_t *)*p, __ATOMIC_ACQUIRE);
        if ((w & (LOCKED | 0xffc)) != mine && __builtin_expect(w > seen[(w >> 2) & (NSLOTS - 1)], 0))
            goto fail;
    }

    /* 4. write back */
    for (struct wentry *e = ws, *end = ws + n; e < end; e++) {
        unsigned m = e->mask;
        if (__builtin_expect(m == 0xff, 1))
            __atomic_store_n((uint64_t *)e->addr, e->val, __ATOMIC_RELEASE);
        else if (m == (0xff | WS_DELTA))
            add_back((uint64_t *)e->addr, e->val);
        else
            write_back(e);
    }

    /* 5. release */
    uint64_t nw = c << VERSION_SHIFT | (uint64_t)cs << 2;
    uint64_t waiters = 0;
    for (unsigned i = 0; i < nl; i++) {
        waiters |= old[i];
        __atomic_store_n(lck[i], nw, __ATOMIC_RELEASE);
    }

    /* 6. publish */
    if (cs) {
        __atomic_store_n(&g_clock[cs].c, c, __ATOMIC_RELEASE);
        seen[cs] = nw | 3;
    }
    tx->ws_n = 0; /* (the next attempt clears the bloom filter) */
    set_serial_of(slot, __ATOMIC_RELEASE); /* even: write-back done */
    if (__builtin_expect(waiters & WAITBIT, 0))
        wake_waiters();
    union pm_flags f = pm_flags_of(tx);
    finish(t, f.privatizing | ids.quiesce_all, f.mem);
    return;

fail: /* the stripes we hold go to the lock records, which rollback() releases */
    for (unsigned i = 0; i < nl; i++) {
        t->lk[i].lock = lck[i];
        t->lk[i].old = old[i];
    }
    t->lk_n = nl;
    conflict(t);
}

void __attribute__((noinline)) atomicc__stm_commit(atomicc_tx_t *tx)
{
    struct stm_thread *t = me(tx);
    unsigned n = tx->ws_n;
    if (__builtin_expect(n - 1 < WS_SMALL, 1)) { /* (a solo attempt writes in place: n == 0) */
        commit_small(t, tx, tx->ws, n);
        return;
    }
    if (n == 0) {
        if (tx->solo) {
            tx->solo = 0;
            __atomic_store_n(&g_solo.busy, 0, __ATOMIC_RELEASE);
            uint64_t *sc = &g_state[t->slot].solo_commits; /* (only this thread writes it) */
            __atomic_store_n(sc, __atomic_load_n(sc, __ATOMIC_RELAXED) + 1, __ATOMIC_RELAXED);
            finish(t, 0, tx->mem);
            return;
        }
        /* read-only: consistent at every read */
        unsigned slot = t->slot;
        union pm_flags f = pm_flags_of(tx);
        set_serial_of(slot, __ATOMIC_RELEASE);
        finish(t, f.privatizing, f.mem);
        return;
    }
    struct wentry *ws = tx->ws;

    /* 1. lock the write set: try-lock, a bounded wait on a busy stripe,
     *    then abort (which releases what we hold): no deadlock */
    struct lockrec *lk = t->lk;
    unsigned nl = 0;
    /* the stripes' lines are fetched for ownership at once: their misses
     * overlap instead of following one CAS after the other */
    for (unsigned i = 1; i < n && i < 8; i++)
        __builtin_prefetch(lock_of(ws[i].addr), 1);
    for (unsigned i = 0; i < n; i++) {
        atomicc__stm_word_t *l = lock_of(ws[i].addr);
        uint64_t w = __atomic_load_n(l, __ATOMIC_RELAXED);
        for (;;) {
            if (__builtin_expect(w > tx->seen[(w >> 2) & (NSLOTS - 1)], 0)) {
                if (locked_by_me(t, w))
                    break; /* two words of the write set share the stripe */
                if (w & LOCKED) {
                    t->lk_n = nl;
                    lock_busy(t, l);
                    w = __atomic_load_n(l, __ATOMIC_RELAXED);
                    continue;
                }
                /* written after our snapshot: fine for a blind write */
                if (in_read_set(t, t->rs_base, t->pub.rs_top, l)) {
                    t->lk_n = nl;
                    conflict(t);
                }
            }
            lk[nl].lock = l;
            lk[nl].old = w;
            if (__builtin_expect(__atomic_compare_exchange_n(l, &w, locked_word(t, nl), 0,
                                                             __ATOMIC_ACQUIRE, __ATOMIC_RELAXED),
                                 1)) {
                nl++;
                break;
            }
        }
    }
    t->lk_n = nl;

    /* 2. number the commit: our own clock is published only at the end,
     *    once the write-back is complete; the shared clock (TL2) counts now */
    uint64_t c;
    unsigned cs = t->cslot;
    if (cs) /* (only this thread writes its clock) */
        c = __atomic_load_n(&g_clock[cs].c, __ATOMIC_RELAXED) + 1;
    else
        c = __atomic_fetch_add(&g_clock[0].c, 1, __ATOMIC_ACQ_REL) + 1;

    /* 3. validate the read set (our own locked stripes pass, see validate) */
    uint64_t my_seen = tx->seen[t->slot];
    tx->seen[t->slot] = ~(uint64_t)0;
    if (!validate(t)) {
        tx->seen[t->slot] = my_seen;
        conflict(t);
    }
    tx->seen[t->slot] = my_seen;

    /* 4. write back (release stores: a reader whose load sees one of them
     *    also sees our lock, like the writer side of a seqlock) */
    for (unsigned i = 0; i < n; i++)
        write_back(&ws[i]);

    /* 5. release with the new version */
    uint64_t nw = c << VERSION_SHIFT | (uint64_t)cs << 2;
    uint64_t waiters = 0;
    for (unsigned i = 0; i < nl; i++) {
        waiters |= lk[i].old;
        __atomic_store_n(lk[i].lock, nw, __ATOMIC_RELEASE);
    }
    t->lk_n = 0;

    /* 6. publish the commit number: whoever includes c in a snapshot finds
     *    its write-back complete */
    if (cs) {
        __atomic_store_n(&g_clock[cs].c, c, __ATOMIC_RELEASE);
        tx->seen[cs] = nw | 3;
    }
    if (__builtin_expect(t->ws_indexed, 0))
        ws_clear(t);
    tx->ws_n = 0;
    tx->bloom = 0;
    set_serial(t, __ATOMIC_RELEASE); /* even: write-back done */
    if (__builtin_expect(waiters & WAITBIT, 0))
        wake_waiters();
    union pm_flags f = pm_flags_of(tx);
    finish(t, f.privatizing || g_quiesce_all, f.mem);
}

/* ---- retry --------------------------------------------------------------- */

/* Sleeps until some stripe of the read set is no longer the version read. */
static void wait_for_change(struct stm_thread *t, const char *where)
{
    struct atomicc__wd wd;
    atomicc__wd_begin(&wd, where, "stm",
                      "retry: another thread's commit that changes what the block read (the location is "
                      "the retry statement's)");
    __atomic_fetch_add(&g_wake.waiters, 1, __ATOMIC_SEQ_CST);
    for (;;) {
        unsigned seq = __atomic_load_n(&g_wake.seq, __ATOMIC_SEQ_CST);
        int changed = 0;
        for (void **p = t->rs_base; p < t->pub.rs_top && !changed; p++) {
            atomicc__stm_word_t *l = *p;
            for (;;) {
                uint64_t w = __atomic_load_n(l, __ATOMIC_ACQUIRE);
                if ((w & LOCKED) || w > seen_of(t, w)) {
                    changed = 1; /* a commit is writing it, or wrote it */
                    break;
                }
                if ((w & WAITBIT) ||
                    __atomic_compare_exchange_n(l, &w, w | WAITBIT, 0, __ATOMIC_SEQ_CST,
                                                __ATOMIC_RELAXED))
                    break;
            }
        }
        if (changed)
            break;
        for (unsigned spins = 0; spins < ATOMICC_STM_RETRY_SPIN; spins++) {
            if (__atomic_load_n(&g_wake.seq, __ATOMIC_ACQUIRE) != seq)
                break;
            atomicc__cpu_relax();
        }
        if (__atomic_load_n(&g_wake.seq, __ATOMIC_ACQUIRE) == seq)
            atomicc__wd_park(&wd, &g_wake.seq, seq);
    }
    __atomic_fetch_sub(&g_wake.waiters, 1, __ATOMIC_SEQ_CST);
}

void atomicc_stm_retry(atomicc_tx_t *tx)
{
    atomicc__stm_retry_at(tx, NULL);
}

void atomicc__stm_retry_at(atomicc_tx_t *tx, const char *where)
{
    struct stm_thread *t = me(tx);
    if (tx->depth == 0)
        die("atomicc: retry outside an atomic block\n");
    if (tx->solo) {
        /* Nothing to wait on without a read set: rerun in normal mode. */
        rollback(t);
        t->force_normal = 1;
        restart(t);
    }
    rollback(t);
    wait_for_change(t, where ? where : t->where);
    t->consecutive = 0;
    restart(t);
}

/* ---- memory -------------------------------------------------------------- */

void *atomicc_stm_malloc(atomicc_tx_t *tx, size_t n)
{
    void *p = malloc(n);
    if (p && tx->depth) {
        vec_push(&me(tx)->allocs, p);
        tx->mem = 1;
    }
    return p;
}

void *atomicc_stm_calloc(atomicc_tx_t *tx, size_t n, size_t size)
{
    void *p = calloc(n, size);
    if (p && tx->depth) {
        vec_push(&me(tx)->allocs, p);
        tx->mem = 1;
    }
    return p;
}

void atomicc_stm_free(atomicc_tx_t *tx, void *p)
{
    if (!p)
        return;
    if (!tx->depth) {
        free(p);
        return;
    }
    vec_push(&me(tx)->frees, p);
    tx->mem = 1;
    tx->privatizing = 1; /* freed only once no transaction can still read it */
}

#define CHUNK 256

void *atomicc_stm_memmove(atomicc_tx_t *tx, void *d, const void *s, size_t n)
{
    unsigned char buf[CHUNK];
    uintptr_t dst = (uintptr_t)d, src = (uintptr_t)s;
    tx->privatizing = 1; /* may copy pointers */
    if (dst > src && dst < src + n) { /* overlap: copy from the end */
        while (n) {
            size_t k = n < CHUNK ? n : CHUNK;
            n -= k;
            atomicc__stm_load_bytes(tx, buf, (const void *)(src + n), k);
            atomicc__stm_store_bytes(tx, (void *)(dst + n), buf, k);
        }
        return d;
    }
    for (size_t off = 0; off < n;) {
        size_t k = n - off < CHUNK ? n - off : CHUNK;
        atomicc__stm_load_bytes(tx, buf, (const void *)(src + off), k);
        atomicc__stm_store_bytes(tx, (void *)(dst + off), buf, k);
        off += k;
    }
    return d;
}

void *atomicc_stm_memcpy(atomicc_tx_t *tx, void *d, const void *s, size_t n)
{
    return atomicc_stm_memmove(tx, d, s, n);
}

void *atomicc_stm_memset(atomicc_tx_t *tx, void *d, int c, size_t n)
{
    unsigned char buf[CHUNK];
    memset(buf, c, n < CHUNK ? n : CHUNK);
    tx->privatizing = 1; /* may clear pointers */
    for (size_t off = 0; off < n;) {
        size_t k = n - off < CHUNK ? n - off : CHUNK;
        atomicc__stm_store_bytes(tx, (char *)d + off, buf, k);
        off += k;
    }
    return d;
}

int atomicc_stm_memcmp(atomicc_tx_t *tx, const void *a, const void *b, size_t n)
{
    unsigned char x[CHUNK], y[CHUNK];
    for (size_t off = 0; off < n;) {
        size_t k = n - off < CHUNK ? n - off : CHUNK;
        atomicc__stm_load_bytes(tx, x, (const char *)a + off, k);
        atomicc__stm_load_bytes(tx, y, (const char *)b + off, k);
        int r = memcmp(x, y, k);
        if (r)
            return r;
        off += k;
    }
    return 0;
}

/* A string read transactionally a word at a time, each word only up to its
 * first zero byte (bytes past the terminator are not touched). */
struct strcursor {
    uintptr_t a;            /* next byte to fetch */
    unsigned char buf[8];
    unsigned n, i;          /* bytes in buf, next one to hand out */
};

static void str_fetch(struct stm_thread *t, struct strcursor *c)
{
    uintptr_t word = c->a & ~(uintptr_t)7;
    unsigned lo = (unsigned)(c->a & 7);
    unsigned n = 0;
    if (t->pub.solo) {
        for (unsigned o = lo; o < 8; o++) {
            c->buf[n] = __atomic_load_n((unsigned char *)(word + o), __ATOMIC_RELAXED);
            if (!c->buf[n++])
                break;
        }
    } else {
        struct wentry *e = NULL;
        if ((t->pub.bloom >> ATOMICC__STM_BLOOM_BIT(word)) & 1)
            e = ws_find(t, word);
        if (e && (e->mask & WS_DELTA))
            ws_materialize(t, e);
        atomicc__stm_word_t *l = lock_of(word);
        for (;;) {
            uint64_t w = stable_word(t, l);
            n = 0;
            for (unsigned o = lo; o < 8; o++) {
                if (e && (e->mask & (1u << o)))
                    c->buf[n] = ((unsigned char *)&e->val)[o];
                else
                    c->buf[n] = __atomic_load_n((unsigned char *)(word + o), __ATOMIC_ACQUIRE);
                if (!c->buf[n++])
                    break;
            }
            if (__atomic_load_n(l, __ATOMIC_RELAXED) == w)
                break;
        }
        rs_push(t, l);
    }
    c->a += n;
    c->n = n;
    c->i = 0;
}

static inline unsigned char str_next(struct stm_thread *t, struct strcursor *c)
{
    if (c->i == c->n)
        str_fetch(t, c);
    return c->buf[c->i++];
}

size_t atomicc_stm_strlen(atomicc_tx_t *tx, const char *s)
{
    struct strcursor c = { (uintptr_t)s, { 0 }, 0, 0 };
    size_t n = 0;
    while (str_next(me(tx), &c))
        n++;
    return n;
}

int atomicc_stm_strcmp(atomicc_tx_t *tx, const char *a, const char *b)
{
    struct strcursor ca = { (uintptr_t)a, { 0 }, 0, 0 }, cb = { (uintptr_t)b, { 0 }, 0, 0 };
    for (;;) {
        unsigned char x = str_next(me(tx), &ca), y = str_next(me(tx), &cb);
        if (x != y || !x)
            return (int)x - (int)y;
    }
}

/* ---- statistics ----------------------------------------------------------- */

/* A commit adds no counter of its own: every attempt outside solo mode
 * raises its slot's serial by 2 and ends in a commit or an abort, so a
 * slot's commits are serial / 2 (attempts ended) - its aborts outside solo
 * mode + its solo commits (exact once the threads are done; a reader racing
 * with them may be one off). */
void atomicc_stm_stats(unsigned long *commits, unsigned long *aborts)
{
    unsigned long c = 0, a = 0;
    for (unsigned s = 0; s < NSLOTS; s++) {
        uint64_t ab = __atomic_load_n(&g_state[s].aborts, __ATOMIC_RELAXED);
        c += __atomic_load_n(&g_state[s].serial, __ATOMIC_RELAXED) / 2 -
             (ab - __atomic_load_n(&g_state[s].solo_aborts, __ATOMIC_RELAXED)) +
             __atomic_load_n(&g_state[s].solo_commits, __ATOMIC_RELAXED);
        a += ab;
    }
    if (commits)
        *commits = c;
    if (aborts)
        *aborts = a;
}

const char *atomicc_stm_stats_string(void)
{
    static char buf[128];
    unsigned long c, a;
    atomicc_stm_stats(&c, &a);
    snprintf(buf, sizeof buf, "stm: %lu commits, %lu aborts (%.2f%%)", c, a,
             c + a ? 100.0 * (double)a / (double)(c + a) : 0.0);
    return buf;
}
