/* atomicc_stm.h - runtime interface of the `stm` strategy (word-based
 * software transactional memory, TL2 family; the design and the numbers are
 * in the header comment of stm.c).
 *
 * The compiler lowers
 *
 *     atomic { S }
 * to
 *     { atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) =
 *           atomicc_stm_begin();
 *       atomicc_stm_restart_point(__atomicc_tx);
 *       { S' } }
 *
 * where S' is S with every access to possibly shared memory instrumented:
 *
 *     read of lvalue L           ATOMICC_TX_LOAD(__atomicc_tx, &(L))
 *     L = e                      ATOMICC_TX_STORE(__atomicc_tx, &(L), e)
 *     L op= e                    ATOMICC_TX_UPDATE(__atomicc_tx, &(L), op, e)
 *     L += e;  L -= e;  L++;  ...  ATOMICC_TX_ADD(__atomicc_tx, &(L), + or -, e)
 *       (an expression statement: the new value is not used)
 *     L++  L--  ++L  --L         ATOMICC_TX_POSTINC / _POSTDEC / _PREINC / _PREDEC
 *                                    (__atomicc_tx, &(L))
 *     malloc calloc free         atomicc_stm_malloc / _calloc / _free(__atomicc_tx, ...)
 *     memcpy memmove memset      atomicc_stm_memcpy / ... (__atomicc_tx, ...)
 *     memcmp strlen strcmp
 *     retry;                     atomicc_stm_retry(__atomicc_tx);
 *
 * Each access macro evaluates its pointer once and works for every object
 * type (scalars, pointers, structs and unions of any size); the pointer must
 * be aligned for its type, as C requires (a packed struct's member, whose
 * address is not, is accessed through its struct or with the memory
 * functions).  The value macros yield what the C expression yields (STORE
 * and UPDATE the new value, POSTINC the old one).
 *
 * - atomicc_stm_begin() returns the thread's transaction descriptor; in a
 *   thread already inside a transaction (a function with an atomic block
 *   called from inside another) the inner block joins the outer one (depth+1).
 * - atomicc_stm_restart_point(tx) takes the restart point of the outermost
 *   block (__builtin_setjmp on a buffer in the descriptor; the C library's
 *   _setjmp in ThreadSanitizer builds, as for the `global` strategy) and then
 *   calls atomicc_stm_attempt(tx), which starts an attempt: chooses the mode,
 *   clears the read and write sets.  An abort restores what must be restored
 *   and jumps back to the restart point, so the block runs again from its
 *   first statement; in an inner block both are no-ops (a restart always
 *   reruns the outermost block).
 * - atomicc_stm_end(&tx) is the cleanup: it runs on every way out of the
 *   block (fall-through, return, break, continue, goto).  In an inner block
 *   it only decrements the depth; in the outermost one it commits.  If the
 *   commit finds a conflict it jumps back to the restart point (the block's
 *   frame is live while its cleanup runs): the block runs again, and a
 *   `return e;` recomputes e.
 * - atomicc_stm_retry(tx) abandons the attempt, sleeps until a location the
 *   transaction has read is changed by another thread's commit, and reruns
 *   the outermost block.  It does not return.
 *
 * Locals.  A restart does not restore the block's own locals.  A scalar
 * local of the enclosing function that the block assigns is copied before
 * the restart point and copied back at a restart
 * (atomicc_stm_restart_point_restoring).  Any other local of the function
 * (an array, a struct: copying it whole at every attempt could cost more
 * than the block) is logged before the store: ATOMICC_TX_LOCAL(tx, &(L))
 * yields &(L) after recording its old bytes, which an abort writes back (a
 * commit drops them), like ATOMICC_LOGW of the `global` strategy.  Stores that
 * land in the frames of functions the block calls go straight to memory
 * (those frames are dead at commit and at restart).
 *
 * Privatization.  A commit that stored a pointer (or a struct / union, or
 * through memcpy / memset / memmove), or freed memory, waits until every
 * transaction that ran concurrently with it has finished before it returns
 * (see stm.c): after it, the thread may use or free() what the block unlinked
 * without racing with other transactions.  A block that privatizes by any
 * other means (a flag or an index) says so with atomicc_stm_privatizing(tx)
 * (or run the program with ATOMICC_STM_QUIESCE=all).
 *
 * Options (define them for the program and the runtime alike):
 * ATOMICC_NO_INLINE: every access calls the runtime; ATOMICC_STM_LIBC_SETJMP:
 * the restart point uses the C library's _setjmp outside ThreadSanitizer
 * builds too (about 20 more instructions per block, but GCC then keeps the
 * block's locals in registers: 26 instead of 29 instructions per read in a
 * loop); ATOMICC_STM_GLOBAL_CLOCK: TL2's global version clock (see stm.c).
 *
 * Like atomicc_rt.h, this header includes no system header.
 */
#ifndef ATOMICC_STM_H
#define ATOMICC_STM_H

#ifndef ATOMICC__BUILDING_RUNTIME
#pragma GCC system_header /* see atomicc_rt.h */
#endif

#include "atomicc_rt.h" /* ATOMICC__TSAN */

#ifdef __cplusplus
extern "C" {
#endif

#define ATOMICC_STM_LOCK_BITS 20 /* 2^20 versioned locks (8 MiB) */
#define ATOMICC_STM_SLOTS 1024u  /* thread slots: 10 bits of a version word */

typedef __UINT64_TYPE__ atomicc__stm_word_t;

/* The part of a thread's transaction descriptor that the inline fast paths
 * use; the runtime keeps the rest after it.  One per thread. */
/* One word of the write set (redo log): the new bytes, in memory order. */
struct atomicc__stm_wentry {
    __UINTPTR_TYPE__ addr;   /* 8-aligned */
    __UINT64_TYPE__ val;
    unsigned mask;           /* which bytes of val are written; | DELTA: val is an addend */
    unsigned pos;            /* its slot in the hash index, once there is one */
};
/* A delta entry (mask 0xff | DELTA): the attempt added val to the 8-byte
 * integer at addr and has not read it; the commit adds val to the word's
 * value under the stripe's lock.  Any other access of the word by the
 * attempt first turns the entry into a plain one (the word's value, read
 * into the read set, plus val). */
#define ATOMICC__STM_DELTA 0x100u

#define ATOMICC__STM_WS_LINEAR 16 /* write sets up to this size have no index */

/* The write-set filter's bit for the 8-byte word at address a: bits 3..8 of
 * the address folded with bits 9..14, so that words one cache line apart
 * (an array of line-aligned records) do not share 8 bits. */
#define ATOMICC__STM_BLOOM_BIT(a) ((unsigned)(((a) >> 3) ^ ((a) >> 9)) & 63u)

/* The part of a thread's transaction descriptor that the inline fast paths
 * use; the runtime keeps the rest after it.  One per thread. */
typedef struct atomicc_tx {
    __UINT64_TYPE__ bloom;   /* write-set filter; all ones in solo mode */
    void **rs_top;           /* read set: pointers to the versioned locks read */
    void **rs_end;
    unsigned long depth;     /* nesting depth, 0 outside every block */
    unsigned solo;           /* this attempt runs alone: direct access + undo */
    unsigned restart_kind;   /* how the outermost block took its restart point */
    union {
        struct {
            unsigned privatizing; /* the commit must wait for concurrent transactions */
            unsigned mem;         /* the attempt allocated or freed memory */
        };
        __UINT64_TYPE__ pm_;      /* both (one load or store for the runtime) */
    };
    unsigned ws_n;           /* write set: entries used */
    unsigned ws_inline;      /* the inline store may append while ws_n < this */
    struct atomicc__stm_wentry *ws;
    /* [stack_lo, stack_lo + stack_span) is the stack below the block's frame:
     * frames of functions the block calls (dead at commit and restart). */
    __UINTPTR_TYPE__ stack_lo;
    __UINTPTR_TYPE__ stack_span;
    unsigned char *ub;       /* undo log (solo writes, logged locals) */
    __SIZE_TYPE__ ub_len;
    __SIZE_TYPE__ ub_cap;
    unsigned *solo_busy;     /* the flag a solo attempt raises */
    __UINT64_TYPE__ *stat_commits; /* this thread's count of solo commits */
    /* Restart points: the outermost block's, and a scratch buffer handed to
     * inner blocks (never jumped to).  Room for __builtin_setjmp's 5 words or
     * a C library jmp_buf (checked by the runtime). */
    long long restart[64] __attribute__((aligned(16)));
    long long scratch[64] __attribute__((aligned(16)));
    /* The snapshot: version words up to seen[s] written by slot s are in it
     * (seen[s] = commit number << 12 | s << 2 | 3; see stm.c). */
    __UINT64_TYPE__ seen[ATOMICC_STM_SLOTS];
} atomicc_tx_t;

extern atomicc__stm_word_t atomicc__stm_locks[1u << ATOMICC_STM_LOCK_BITS];

/* The versioned lock of the 8-byte word at address a (bits 3..22). */
static inline __attribute__((always_inline)) atomicc__stm_word_t *atomicc__stm_lock_of(__UINTPTR_TYPE__ a)
{
    return &atomicc__stm_locks[(a >> 3) & ((1u << ATOMICC_STM_LOCK_BITS) - 1)];
}
extern __thread atomicc_tx_t *atomicc__stm_self;

/* `leaf`: these never jump back into the caller's translation unit, so GCC
 * adds no abnormal edge from them to the block's restart point. */
/* `where`: the block's ATOMICC__WHERE (or NULL), for the watchdog only. */
atomicc_tx_t *atomicc__stm_begin_first(const char *where) __attribute__((leaf, nothrow));
void atomicc__stm_attempt_at(atomicc_tx_t *tx, const char *where) __attribute__((leaf, nothrow));
void atomicc_stm_attempt(atomicc_tx_t *tx) __attribute__((leaf, nothrow));
void atomicc__stm_commit(atomicc_tx_t *tx);
__UINT64_TYPE__ atomicc__stm_load_slow(atomicc_tx_t *tx, const void *p, unsigned size);
__UINT64_TYPE__ atomicc__stm_load_word(atomicc_tx_t *tx, const void *p, unsigned size,
                                       atomicc__stm_word_t w);
void atomicc__stm_store(atomicc_tx_t *tx, void *p, __UINT64_TYPE__ v, unsigned size);
void atomicc__stm_add(atomicc_tx_t *tx, void *p, __UINT64_TYPE__ d);
void atomicc__stm_load_bytes(atomicc_tx_t *tx, void *dst, const void *src, __SIZE_TYPE__ n);
void atomicc__stm_store_bytes(atomicc_tx_t *tx, void *dst, const void *src, __SIZE_TYPE__ n);

/* ---- the block ----------------------------------------------------------- */

static inline __attribute__((always_inline)) atomicc_tx_t *atomicc__stm_begin_at(const char *where)
{
    /* (no local variable: GCC's -Wclobbered would flag it next to _setjmp) */
    if (__builtin_expect(atomicc__stm_self != 0, 1)) {
        atomicc__stm_self->depth++;
        return atomicc__stm_self;
    }
    return atomicc__stm_begin_first(where);
}

static inline __attribute__((always_inline)) atomicc_tx_t *atomicc_stm_begin(void)
{
    return atomicc__stm_begin_at(0);
}

static inline __attribute__((always_inline)) void atomicc_stm_end(atomicc_tx_t **txp)
{
    if (__builtin_expect((*txp)->depth > 1, 0)) {
        (*txp)->depth--; /* inner block: the outermost one commits */
        return;
    }
    if (__builtin_expect((*txp)->solo && !(*txp)->mem, 1)) {
        /* solo commit: the writes are in place; drop the undo log */
        ATOMICC__SIM_COMMIT(2);
        (*txp)->solo = 0;
        __atomic_store_n((*txp)->solo_busy, 0, __ATOMIC_RELEASE);
        __atomic_store_n((*txp)->stat_commits, *(*txp)->stat_commits + 1, __ATOMIC_RELAXED);
        (*txp)->depth = 0;
        return;
    }
    atomicc__stm_commit(*txp);
}

enum { ATOMICC__STM_RESTART_NONE, ATOMICC__STM_RESTART_BUILTIN, ATOMICC__STM_RESTART_LIBC };

static inline __attribute__((always_inline)) void *atomicc__stm_jmpbuf(atomicc_tx_t *tx,
                                                                      unsigned kind)
{
    if (tx->depth == 1) {
        tx->restart_kind = kind;
        return tx->restart;
    }
    return tx->scratch;
}

/* The C library's _setjmp (under another C name, an asm label, so that
 * <setjmp.h> is not needed and cannot clash). */
extern int atomicc__stm_setjmp(void *env) __asm__("_setjmp") __attribute__((returns_twice, nothrow));

#if defined(ATOMICC__TSAN) || defined(ATOMICC_STM_LIBC_SETJMP)
/* With the library's _setjmp (returns_twice) GCC's -Wclobbered flags the
 * descriptor variable of a block in a loop, and locals the block assigns.
 * A false alarm with GCC: its register allocator keeps every variable that
 * is live across a returns_twice call in memory (and the descriptor pointer
 * never changes within a thread anyway).  The __builtin_setjmp of other
 * builds draws no such warning. */
#pragma GCC diagnostic ignored "-Wclobbered"
#define ATOMICC__STM_SETJMP(tx)                                                \
    atomicc__stm_setjmp(atomicc__stm_jmpbuf((tx), ATOMICC__STM_RESTART_LIBC))
#else
#define ATOMICC__STM_SETJMP(tx)                                                \
    __builtin_setjmp(atomicc__stm_jmpbuf((tx), ATOMICC__STM_RESTART_BUILTIN))
#endif

/* (the attempt is told where the block is, ATOMICC__WHERE: for the
 * watchdog's report of a transaction that keeps aborting.  On x86-64 the
 * address is taken by a volatile asm right at the call: as a plain constant
 * GCC computed it before the restart point and, as it does for everything
 * live across a setjmp, kept it in a stack slot: 3 instructions per attempt
 * instead of the one lea.) */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(ATOMICC_SIM)
#define ATOMICC__STM_WHERE()                                                   \
    (__extension__({                                                           \
        const char *__atomicc_w;                                               \
        __asm__ __volatile__("lea %1, %0" : "=r"(__atomicc_w) : "m"(*ATOMICC__WHERE)); \
        __atomicc_w;                                                           \
    }))
#else
#define ATOMICC__STM_WHERE() ATOMICC__WHERE
#endif
#define atomicc_stm_restart_point(tx) atomicc_stm_restart_point_restoring(tx, )
/* The same, running RESTORE (statements) when the block restarts: the
 * compiler copies the scalar locals of the function that the block assigns
 * before the restart point, and RESTORE copies them back. */
#define atomicc_stm_restart_point_restoring(tx, RESTORE)                       \
    do {                                                                       \
        if (ATOMICC__STM_SETJMP(tx)) {                                         \
            RESTORE /* restarted */                                            \
        }                                                                      \
        atomicc__stm_attempt_at((tx), ATOMICC__STM_WHERE());                   \
    } while (0)

/* Does this attempt run alone (solo mode)?  Then a block that cannot retry
 * never rolls back, and the compiler runs the user's own statements
 * uninstrumented: `if (atomicc_stm_solo(tx)) { S } else { S' }`.  Always 0
 * when the program runs with ATOMICC_SOLO=0 (see atomicc_rt.h). */
static inline __attribute__((always_inline)) int atomicc_stm_solo(atomicc_tx_t *tx)
{
    return tx->solo != 0;
}

#ifndef ATOMICC__BUILDING_RUNTIME
/* what the compiler calls by name, named from this system header (see atomicc_rt.h) */
#define atomicc_stm_begin() atomicc__stm_begin_at(ATOMICC__WHERE)
#define atomicc_stm_solo(tx) (atomicc_stm_solo)(tx)
#endif

/* The transactional clone of function f, named from this system header: what
 * an inline definition with external linkage calls when the clone is static
 * (the inline function f has no external definition in the program). */
#define ATOMICC_TX_CLONE(f) __atomicc_tx_##f

void atomicc_stm_retry(atomicc_tx_t *tx) __attribute__((noreturn));
void atomicc__stm_retry_at(atomicc_tx_t *tx, const char *where) __attribute__((noreturn));
#ifndef ATOMICC__BUILDING_RUNTIME
#define atomicc_stm_retry(tx) atomicc__stm_retry_at((tx), ATOMICC__WHERE)
#endif
void atomicc_stm_privatizing(atomicc_tx_t *tx);
void atomicc_stm_log_local(atomicc_tx_t *tx, void *p, __SIZE_TYPE__ n);

/* ---- memory ------------------------------------------------------------ */
void *atomicc_stm_malloc(atomicc_tx_t *tx, __SIZE_TYPE__ n);
void *atomicc_stm_calloc(atomicc_tx_t *tx, __SIZE_TYPE__ n, __SIZE_TYPE__ size);
void atomicc_stm_free(atomicc_tx_t *tx, void *p);
void *atomicc_stm_memcpy(atomicc_tx_t *tx, void *d, const void *s, __SIZE_TYPE__ n);
void *atomicc_stm_memmove(atomicc_tx_t *tx, void *d, const void *s, __SIZE_TYPE__ n);
void *atomicc_stm_memset(atomicc_tx_t *tx, void *d, int c, __SIZE_TYPE__ n);
int atomicc_stm_memcmp(atomicc_tx_t *tx, const void *a, const void *b, __SIZE_TYPE__ n);
__SIZE_TYPE__ atomicc_stm_strlen(atomicc_tx_t *tx, const char *s);
int atomicc_stm_strcmp(atomicc_tx_t *tx, const char *a, const char *b);

/* ---- calls through function pointers (stm_dispatch.c) ------------------- */
/* A transaction's call through a pointer runs the clone entry registered for
 * the function it holds (each unit that defines a clone of a function whose
 * address is taken registers it from a constructor). */
void *atomicc_stm_clone_of(const void *fn, const char *where);
void atomicc_stm_register_clone(const void *fn, void *entry);

/* ---- statistics ---------------------------------------------------------- */
/* Commits and aborts (retries included) of all threads since the start. */
void atomicc_stm_stats(unsigned long *commits, unsigned long *aborts);
/* The same as one line of text (a static buffer). */
const char *atomicc_stm_stats_string(void);

/* ---- accesses -------------------------------------------------------------
 * Fast path of a read of 1, 2, 4 or 8 naturally aligned bytes, inline: the
 * location is not in the write set (bloom filter), its versioned lock, read
 * after the value, is free and in the snapshot, and the read set has room;
 * the stripe is not recorded again if it is the one recorded last (x, then
 * x op= e).  That check and the filter's folded bit cost 5 instructions
 * (callgrind, tests/bench_stm.c reads, gcc 12: 51 per read against 46,
 * plain loads 14), which the shorter validations repay (one bank transfer
 * in normal mode: 499 against 506).  Solo mode reads in place.
 * Anything else (read-after-write, a busy or newer lock, a full read set,
 * other sizes) goes out of line.  Every access to user memory is an __atomic
 * one, so ThreadSanitizer sees no race in an optimistic read that loses
 * against a concurrent commit. */
/* A commit publishes its number only once its write-back is complete, so
 * a stripe whose word (read AFTER the value) is unlocked and in the snapshot
 * holds the value read.  With the TL2 global clock (ATOMICC_STM_GLOBAL_CLOCK,
 * for comparison) a number is taken before the write-back, and the word must
 * also be read before the value and be the same afterwards. */
#if defined(ATOMICC_STM_GLOBAL_CLOCK)
#define ATOMICC__STM_PRE_CHECK(l) atomicc__stm_word_t w0 = __atomic_load_n(l, __ATOMIC_ACQUIRE);
#define ATOMICC__STM_POST_CHECK (w == w0)
#else
#define ATOMICC__STM_PRE_CHECK(l)
#define ATOMICC__STM_POST_CHECK 1
#endif

/* The simulator (--target=sim) cannot see that the value's load and the
 * stripe word's load below are independent, which an out-of-order core
 * overlaps: in a sim build the stripe word's line is prefetched first, so
 * its fill overlaps the value's.  Nothing in native builds. */
#if defined(ATOMICC_SIM)
#define ATOMICC__STM_OVERLAP(l) __builtin_prefetch((l), 0);
#else
#define ATOMICC__STM_OVERLAP(l)
#endif

/* A location the transaction is about to write (x op= e, x++, x = e): its
 * line and its stripe's line are fetched for ownership now.  The commit
 * locks the stripe and writes the word back; fetched for reading (a plain
 * load of each), both lines would move twice, once to be read and once more
 * to be written.  PREFETCHW on x86-64 (a NOP on CPUs without it); in a sim
 * build the simulator's write prefetch. */
#if defined(ATOMICC_SIM) || !defined(__x86_64__) || defined(ATOMICC__TSAN)
#define ATOMICC__STM_PREFETCHW(a) __builtin_prefetch((const void *)(a), 1)
#else
#define ATOMICC__STM_PREFETCHW(a) __asm__ __volatile__("prefetchw %0" : : "m"(*(const char *)(a)))
#endif
static inline __attribute__((always_inline)) void atomicc__stm_will_write(atomicc_tx_t *tx,
                                                                         const volatile void *p)
{
    if (__builtin_expect(!tx->solo, 1)) {
        __UINTPTR_TYPE__ a = (__UINTPTR_TYPE__)p;
        ATOMICC__STM_PREFETCHW(atomicc__stm_lock_of(a));
        ATOMICC__STM_PREFETCHW(a);
    }
}

/* One function per size, so that even at -O0 a load never touches more
 * bytes than its object (GCC's -Wstringop-overflow checks that). */
#define ATOMICC__STM_DEFINE_LOAD(N, T)                                         \
    static inline __attribute__((always_inline)) __UINT64_TYPE__               \
        atomicc__stm_load##N(atomicc_tx_t *tx, const void *p)                  \
    {                                                                          \
        if (__builtin_expect(!((tx->bloom >> ATOMICC__STM_BLOOM_BIT((__UINTPTR_TYPE__)p)) & 1), 1)) { \
            atomicc__stm_word_t *l = atomicc__stm_lock_of((__UINTPTR_TYPE__)p); \
            ATOMICC__STM_PRE_CHECK(l)                                          \
            ATOMICC__STM_OVERLAP(l)                                            \
            __UINT64_TYPE__ v = __atomic_load_n((const T *)p, __ATOMIC_ACQUIRE); \
            atomicc__stm_word_t w = __atomic_load_n(l, __ATOMIC_ACQUIRE);      \
            /* unlocked (bit 63 clear) and in the snapshot: one compare */     \
            if (__builtin_expect(ATOMICC__STM_POST_CHECK &&                    \
                                     w <= *(const __UINT64_TYPE__ *)(const void *)( \
                                              (const char *)tx->seen + ((w & 0xffc) << 1)), \
                                 1)) {                                         \
                void **top = tx->rs_top;                                       \
                if (top[-1] == l) /* read just before (x, then x op= e) */     \
                    return v;                                                  \
                if (__builtin_expect(top != tx->rs_end, 1)) {                  \
                    *top = l;                                                  \
                    tx->rs_top = top + 1;                                      \
                    return v;                                                  \
                }                                                              \
            }                                                                  \
            return atomicc__stm_load_word(tx, p, N, w);                        \
        } else if (tx->bloom == ~(__UINT64_TYPE__)0 && tx->solo) {             \
            return __atomic_load_n((const T *)p, __ATOMIC_RELAXED);            \
        }                                                                      \
        return atomicc__stm_load_slow(tx, p, N);                               \
    }
ATOMICC__STM_DEFINE_LOAD(1, __UINT8_TYPE__)
ATOMICC__STM_DEFINE_LOAD(2, __UINT16_TYPE__)
ATOMICC__STM_DEFINE_LOAD(4, __UINT32_TYPE__)
ATOMICC__STM_DEFINE_LOAD(8, __UINT64_TYPE__)

#if defined(ATOMICC_NO_INLINE)
#define ATOMICC__STM_LOADN(tx, p, N) atomicc__stm_load_slow((tx), (p), (N))
#else
#define ATOMICC__STM_LOADN(tx, p, N)                                           \
    __builtin_choose_expr(                                                     \
        (N) == 8, atomicc__stm_load8((tx), (p)),                               \
        __builtin_choose_expr((N) == 4, atomicc__stm_load4((tx), (p)),         \
                              __builtin_choose_expr((N) == 2, atomicc__stm_load2((tx), (p)), \
                                                    atomicc__stm_load1((tx), (p)))))
#endif

/* Fast paths of a store of 1, 2, 4 or 8 bytes: in solo mode, log the old
 * bytes in the undo log and store in place; otherwise append a new entry to
 * a small write set (the bloom filter says the word is not in it yet).
 * Anything else (a word already written, a big write set, a full log, the
 * stack of a called function, odd alignment) goes out of line. */
/* The write-set entry's value of a store of N bytes of v at address a: v's
 * bytes at their offset in the 8-byte word, zeros elsewhere. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ATOMICC__STM_PLACE(e, T, v, a) ((e)->val = (__UINT64_TYPE__)(T)(v) << (((a) & 7) * 8))
#else
#define ATOMICC__STM_PLACE(e, T, v, a)                                         \
    do {                                                                       \
        T __atomicc_nv = (T)(v);                                               \
        (e)->val = 0;                                                          \
        __builtin_memcpy((unsigned char *)&(e)->val + ((a) & 7), &__atomicc_nv, sizeof(T)); \
    } while (0)
#endif

/* Solo mode: a record of the undo log for the n bytes at a (their old
 * value goes in its first 8 bytes), or 0 when the log is full. */
static inline __attribute__((always_inline)) unsigned char *atomicc__stm_solo_log(atomicc_tx_t *tx,
                                                                                 __UINTPTR_TYPE__ a,
                                                                                 __SIZE_TYPE__ n)
{
    __SIZE_TYPE__ len = tx->ub_len;
    if (__builtin_expect(len + 24 > tx->ub_cap, 0))
        return 0;
    /* (r is 8-aligned: records are 24 bytes in a malloc'd log) */
    unsigned char *r = tx->ub + len;
    *(__UINTPTR_TYPE__ *)(void *)(r + 8) = a;
    *(__SIZE_TYPE__ *)(void *)(r + 16) = n;
    tx->ub_len = len + 24;
    return r;
}

/* (no local's address is taken: they all stay in registers) */
#define ATOMICC__STM_DEFINE_STORE(N, T)                                        \
    static inline __attribute__((always_inline)) void atomicc__stm_store##N(   \
        atomicc_tx_t *tx, void *p, __UINT64_TYPE__ v)                          \
    {                                                                          \
        __UINTPTR_TYPE__ a = (__UINTPTR_TYPE__)p;                              \
        if (tx->solo) {                                                        \
            unsigned char *r;                                                  \
            if (__builtin_expect(!(a & (N - 1)) && (r = atomicc__stm_solo_log(tx, a, N)) != 0, 1)) { \
                *(T *)(void *)r = __atomic_load_n((T *)p, __ATOMIC_RELAXED);   \
                __atomic_store_n((T *)p, (T)v, __ATOMIC_RELAXED);              \
                return;                                                        \
            }                                                                  \
        } else {                                                               \
            __UINT64_TYPE__ bit = (__UINT64_TYPE__)1 << ATOMICC__STM_BLOOM_BIT(a); \
            __UINT64_TYPE__ bloom = tx->bloom;                                 \
            unsigned n = tx->ws_n;                                             \
            if (__builtin_expect(!(bloom & bit) && n < tx->ws_inline &&        \
                                     a - tx->stack_lo >= tx->stack_span &&     \
                                     !(a & (N - 1)),                           \
                                 1)) {                                         \
                struct atomicc__stm_wentry *e = tx->ws + n;                    \
                e->addr = a & ~(__UINTPTR_TYPE__)7;                            \
                ATOMICC__STM_PLACE(e, T, v, a);                                \
                e->mask = ((1u << N) - 1) << (a & 7);                          \
                tx->ws_n = n + 1;                                              \
                tx->bloom = bloom | bit;                                       \
                return;                                                        \
            }                                                                  \
        }                                                                      \
        atomicc__stm_store(tx, p, v, N);                                       \
    }
ATOMICC__STM_DEFINE_STORE(1, __UINT8_TYPE__)
ATOMICC__STM_DEFINE_STORE(2, __UINT16_TYPE__)
ATOMICC__STM_DEFINE_STORE(4, __UINT32_TYPE__)
ATOMICC__STM_DEFINE_STORE(8, __UINT64_TYPE__)

#if defined(ATOMICC_NO_INLINE)
#define ATOMICC__STM_STOREN(tx, p, v, N) atomicc__stm_store((tx), (p), (v), (N))
#else
#define ATOMICC__STM_STOREN(tx, p, v, N)                                       \
    __builtin_choose_expr(                                                     \
        (N) == 8, atomicc__stm_store8((tx), (p), (v)),                         \
        __builtin_choose_expr((N) == 4, atomicc__stm_store4((tx), (p), (v)),   \
                              __builtin_choose_expr((N) == 2, atomicc__stm_store2((tx), (p), (v)), \
                                                    atomicc__stm_store1((tx), (p), (v)))))
#endif

/* *p += d for an aligned 8-byte integer whose new value the block does not
 * use: outside solo mode, a word the attempt has not written becomes a delta
 * entry of the write set, with no read of the word (no read-set entry, no
 * snapshot extension, and no conflict with another attempt that adds to it
 * too).  Anything else goes out of line. */
static inline __attribute__((always_inline)) void atomicc__stm_add8(atomicc_tx_t *tx, void *p,
                                                                   __UINT64_TYPE__ d)
{
#if !defined(ATOMICC_NO_INLINE)
    __UINTPTR_TYPE__ a = (__UINTPTR_TYPE__)p;
    if (tx->solo) { /* in place, the old value logged (as atomicc__stm_store8) */
        unsigned char *r = atomicc__stm_solo_log(tx, a, 8);
        if (__builtin_expect(r != 0, 1)) {
            __UINT64_TYPE__ old = __atomic_load_n((__UINT64_TYPE__ *)p, __ATOMIC_RELAXED);
            *(__UINT64_TYPE__ *)(void *)r = old;
            __atomic_store_n((__UINT64_TYPE__ *)p, old + d, __ATOMIC_RELAXED);
            return;
        }
    } else {
        __UINT64_TYPE__ bit = (__UINT64_TYPE__)1 << ATOMICC__STM_BLOOM_BIT(a);
        __UINT64_TYPE__ bloom = tx->bloom;
        unsigned n = tx->ws_n;
        if (__builtin_expect(!(bloom & bit) && n < tx->ws_inline && a - tx->stack_lo >= tx->stack_span, 1)) {
            struct atomicc__stm_wentry *e = tx->ws + n;
            e->addr = a;
            e->val = d;
            e->mask = 0xffu | ATOMICC__STM_DELTA;
            tx->ws_n = n + 1;
            tx->bloom = bloom | bit;
            return;
        }
    }
#endif
    atomicc__stm_add(tx, p, d);
}

#define ATOMICC__STM_WORDSIZE(T) (sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4 || sizeof(T) == 8)

/* An integer type (GCC's type classes: integer, char, enumeral, boolean). */
#define ATOMICC__STM_INTEGRAL(x)                                               \
    (__builtin_classify_type(x) >= 1 && __builtin_classify_type(x) <= 4)

/* Representation of *p's type, for moving its bits through an integer. */
#define ATOMICC__STM_UNION(p)                                                  \
    union {                                                                    \
        __typeof__(*(p)) __atomicc_v;                                          \
        unsigned char __atomicc_b[sizeof *(p)];                                \
        __UINT8_TYPE__ __atomicc_u8;                                           \
        __UINT16_TYPE__ __atomicc_u16;                                         \
        __UINT32_TYPE__ __atomicc_u32;                                         \
        __UINT64_TYPE__ __atomicc_u64;                                         \
    }

/* A store of a value of this type may unlink (privatize) data. */
#define ATOMICC__STM_MAY_PRIVATIZE(x)                                          \
    (__builtin_classify_type(x) == 5 /* pointer */ || __builtin_classify_type(x) >= 12)

/* The locals of the access macros get a unique suffix n, a __COUNTER__
 * value (expanded by the X_ step before X pastes it): an access in the
 * operand of another (a[b[i]], x = y = 0) declares its own, which must not
 * shadow the outer one's (-Wshadow). */
#define ATOMICC_TX_LOAD(tx, p) ATOMICC__TX_LOAD_(__COUNTER__, tx, p)
#define ATOMICC__TX_LOAD_(n, tx, p) ATOMICC__TX_LOAD(n, tx, p)
#define ATOMICC__TX_LOAD(n, tx, p)                                             \
    (__extension__({                                                           \
        __typeof__(&*(p)) __atomicc_lp##n = (p);                               \
        ATOMICC__STM_UNION(__atomicc_lp##n) __atomicc_lu##n;                   \
        if (ATOMICC__STM_WORDSIZE(*__atomicc_lp##n) &&                         \
            __alignof__(*__atomicc_lp##n) >= sizeof *__atomicc_lp##n) {        \
            __UINT64_TYPE__ __atomicc_lw##n =                                  \
                ATOMICC__STM_LOADN((tx), (const void *)__atomicc_lp##n, sizeof *__atomicc_lp##n); \
            if (sizeof *__atomicc_lp##n == 8)                                  \
                __atomicc_lu##n.__atomicc_u64 = __atomicc_lw##n;               \
            else if (sizeof *__atomicc_lp##n == 4)                             \
                __atomicc_lu##n.__atomicc_u32 = (__UINT32_TYPE__)__atomicc_lw##n; \
            else if (sizeof *__atomicc_lp##n == 2)                             \
                __atomicc_lu##n.__atomicc_u16 = (__UINT16_TYPE__)__atomicc_lw##n; \
            else                                                               \
                __atomicc_lu##n.__atomicc_u8 = (__UINT8_TYPE__)__atomicc_lw##n; \
        } else {                                                               \
            atomicc__stm_load_bytes((tx), __atomicc_lu##n.__atomicc_b,         \
                                    (const void *)__atomicc_lp##n, sizeof *__atomicc_lp##n); \
        }                                                                      \
        __atomicc_lu##n.__atomicc_v;                                           \
    }))

/* Stores *p = v (v already converted to *p's type) through the write set.
 * (The casts to void * drop a volatile qualifier on purpose: the STM's
 * accesses are __atomic ones, which volatile objects may take.)  p and v
 * are the caller's locals: no access nests in them. */
#define ATOMICC__STM_PUT(tx, p, v)                                             \
    do {                                                                       \
        ATOMICC__STM_UNION(p) __atomicc_su;                                    \
        if (ATOMICC__STM_MAY_PRIVATIZE(*(p)))                                  \
            (tx)->privatizing = 1;                                             \
        if (ATOMICC__STM_WORDSIZE(*(p))) {                                     \
            __atomicc_su.__atomicc_u64 = 0;                                    \
            __atomicc_su.__atomicc_v = (v);                                    \
            ATOMICC__STM_STOREN((tx), (void *)(p),                             \
                               sizeof *(p) == 8   ? __atomicc_su.__atomicc_u64 \
                               : sizeof *(p) == 4 ? __atomicc_su.__atomicc_u32 \
                               : sizeof *(p) == 2 ? __atomicc_su.__atomicc_u16 \
                                                  : __atomicc_su.__atomicc_u8, \
                               sizeof *(p));                                   \
        } else {                                                               \
            __atomicc_su.__atomicc_v = (v);                                    \
            atomicc__stm_store_bytes((tx), (void *)(p), __atomicc_su.__atomicc_b, sizeof *(p)); \
        }                                                                      \
    } while (0)

#define ATOMICC_TX_STORE(tx, p, v) ATOMICC__TX_STORE_(__COUNTER__, tx, p, v)
#define ATOMICC__TX_STORE_(n, tx, p, v) ATOMICC__TX_STORE(n, tx, p, v)
#define ATOMICC__TX_STORE(n, tx, p, v)                                         \
    (__extension__({                                                           \
        __typeof__(&*(p)) __atomicc_sp##n = (p);                               \
        __typeof__(*__atomicc_sp##n) __atomicc_sv##n = (v);                    \
        atomicc__stm_will_write((tx), __atomicc_sp##n);                        \
        ATOMICC__STM_PUT((tx), __atomicc_sp##n, __atomicc_sv##n);              \
        __atomicc_sv##n;                                                       \
    }))

/* *p OP= e, OP one of + - * / % << >> & | ^ (a bare token). */
#define ATOMICC_TX_UPDATE(tx, p, OP, e) ATOMICC__TX_UPDATE_(__COUNTER__, tx, p, OP, e)
#define ATOMICC__TX_UPDATE_(n, tx, p, OP, e) ATOMICC__TX_UPDATE(n, tx, p, OP, e)
#define ATOMICC__TX_UPDATE(n, tx, p, OP, e)                                    \
    (__extension__({                                                           \
        __typeof__(&*(p)) __atomicc_up##n = (p);                               \
        atomicc__stm_will_write((tx), __atomicc_up##n);                        \
        __typeof__(*__atomicc_up##n) __atomicc_uv##n = ATOMICC_TX_LOAD((tx), __atomicc_up##n); \
        __atomicc_uv##n = __atomicc_uv##n OP(e);                               \
        ATOMICC__STM_PUT((tx), __atomicc_up##n, __atomicc_uv##n);              \
        __atomicc_uv##n;                                                       \
    }))

/* *p OP= e (OP + or -) whose value the block does not use (an expression
 * statement): on an aligned 8-byte integer with an integer e, a delta of
 * the write set (atomicc__stm_add8: the sum wraps like the C statement on
 * two's complement, where signed overflow is undefined anyway); on
 * anything else the ordinary update. */
#define ATOMICC_TX_ADD(tx, p, OP, e) ATOMICC__TX_ADD_(__COUNTER__, tx, p, OP, e)
#define ATOMICC__TX_ADD_(n, tx, p, OP, e) ATOMICC__TX_ADD(n, tx, p, OP, e)
#define ATOMICC__TX_ADD(n, tx, p, OP, e)                                       \
    (__extension__({                                                           \
        __typeof__(&*(p)) __atomicc_ap##n = (p);                               \
        __typeof__((e) + 0) __atomicc_ae##n = (e); /* (+ 0: e may be a bit-field) */ \
        if (__builtin_classify_type(*__atomicc_ap##n) == 1 && sizeof *__atomicc_ap##n == 8 && \
            __alignof__(*__atomicc_ap##n) >= 8 && ATOMICC__STM_INTEGRAL(__atomicc_ae##n) && \
            sizeof __atomicc_ae##n <= 8) {                                     \
            atomicc__stm_will_write((tx), __atomicc_ap##n);                    \
            atomicc__stm_add8((tx), (void *)__atomicc_ap##n,                   \
                              (__UINT64_TYPE__)0 OP(__UINT64_TYPE__)__atomicc_ae##n); \
        } else {                                                               \
            (void)ATOMICC_TX_UPDATE((tx), __atomicc_ap##n, OP, __atomicc_ae##n); \
        }                                                                      \
        (void)0;                                                               \
    }))

#define ATOMICC__STM_INCDEC(tx, p, DELTA, YIELD_NEW)                           \
    ATOMICC__STM_INCDEC_(__COUNTER__, tx, p, DELTA, YIELD_NEW)
#define ATOMICC__STM_INCDEC_(n, tx, p, DELTA, YIELD_NEW)                       \
    ATOMICC__STM_INCDEC_N(n, tx, p, DELTA, YIELD_NEW)
#define ATOMICC__STM_INCDEC_N(n, tx, p, DELTA, YIELD_NEW)                      \
    (__extension__({                                                           \
        __typeof__(&*(p)) __atomicc_ip##n = (p);                               \
        atomicc__stm_will_write((tx), __atomicc_ip##n);                        \
        __typeof__(*__atomicc_ip##n) __atomicc_iold##n = ATOMICC_TX_LOAD((tx), __atomicc_ip##n); \
        __typeof__(*__atomicc_ip##n) __atomicc_inew##n = __atomicc_iold##n DELTA 1; \
        ATOMICC__STM_PUT((tx), __atomicc_ip##n, __atomicc_inew##n);            \
        YIELD_NEW ? __atomicc_inew##n : __atomicc_iold##n;                     \
    }))

#define ATOMICC_TX_POSTINC(tx, p) ATOMICC__STM_INCDEC(tx, p, +, 0)
#define ATOMICC_TX_POSTDEC(tx, p) ATOMICC__STM_INCDEC(tx, p, -, 0)
#define ATOMICC_TX_PREINC(tx, p) ATOMICC__STM_INCDEC(tx, p, +, 1)
#define ATOMICC_TX_PREDEC(tx, p) ATOMICC__STM_INCDEC(tx, p, -, 1)

/* Logs a local of the block's function before the block assigns it. */
#define ATOMICC_TX_LOCAL(tx, p) ATOMICC__TX_LOCAL_(__COUNTER__, tx, p)
#define ATOMICC__TX_LOCAL_(n, tx, p) ATOMICC__TX_LOCAL(n, tx, p)
#define ATOMICC__TX_LOCAL(n, tx, p)                                            \
    (__extension__({                                                           \
        __typeof__(&*(p)) __atomicc_xp##n = (p);                               \
        atomicc_stm_log_local((tx), (void *)__atomicc_xp##n, sizeof *__atomicc_xp##n); \
        __atomicc_xp##n;                                                       \
    }))

#ifdef __cplusplus
}
#endif

#endif /* ATOMICC_STM_H */
