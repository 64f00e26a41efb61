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
 *     L++  L--  ++L  --L         ATOMICC_TX_POSTINC / _POSTDEC / _PREINC / _PREDEC
 *                                    (__atomicc_tx, &(L))
 *     malloc calloc free         atomicc_stm_malloc / _calloc / _free(__atomicc_tx, ...)
 *     memcpy memmove memset      atomicc_stm_memcpy / ... (__atomicc_tx, ...)
 *     memcmp strlen strcmp
 *     retry;                     atomicc_stm_retry(__atomicc_tx);
 *
 * Each access macro evaluates its pointer once and works for every object
 * type (scalars, pointers, structs and unions of any size and alignment);
 * the value macros yield what the C expression yields (STORE and UPDATE the
 * new value, POSTINC the old one).
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
 * Locals.  A restart does not restore the block's own locals.  A local of
 * the enclosing function that the block assigns and that is live at the
 * restart must be logged before the store: ATOMICC_TX_LOCAL(tx, &(L)) yields
 * &(L) after recording its old bytes, which an abort writes back (a commit
 * drops them), like ATOMICC_LOGW of the `global` strategy.
 *
 * Privatization.  A commit that stored a pointer (or a struct / union, or
 * through memcpy / memset / memmove), or freed memory, waits until every
 * transaction that ran concurrently with it has finished before it returns
 * (see stm.c): after it, the thread may use or free() what the block unlinked
 * without racing with other transactions.  A block that privatizes by any
 * other means (a flag or an index) says so with atomicc_stm_privatizing(tx)
 * (or run the program with ATOMICC_STM_QUIESCE=all).
 *
 * Like atomicc_rt.h, this header includes no system header.
 */
#ifndef ATOMICC_STM_H
#define ATOMICC_STM_H

#include "atomicc_rt.h" /* ATOMICC__TSAN and the _setjmp declaration */

#ifdef __cplusplus
extern "C" {
#endif

#define ATOMICC_STM_LOCK_BITS 20 /* 2^20 versioned locks (8 MiB) */
#define ATOMICC_STM_SLOTS 1024u  /* thread slots: 10 bits of a version word */

typedef __UINT64_TYPE__ atomicc__stm_word_t;

/* The part of a thread's transaction descriptor that the inline fast paths
 * use; the runtime keeps the rest after it.  One per thread. */
typedef struct atomicc_tx {
    __UINT64_TYPE__ bloom;   /* write-set filter; all ones in solo mode */
    void **rs_top;           /* read set: pointers to the versioned locks read */
    void **rs_end;
    unsigned long depth;     /* nesting depth, 0 outside every block */
    unsigned solo;           /* this attempt runs alone: direct access + undo */
    unsigned privatizing;    /* the commit must wait for concurrent transactions */
    unsigned restart_kind;   /* how the outermost block took its restart point */
    unsigned pad_;
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
extern __thread atomicc_tx_t *atomicc__stm_self;

/* `leaf`: these never jump back into the caller's translation unit, so GCC
 * adds no abnormal edge from them to the block's restart point. */
atomicc_tx_t *atomicc__stm_begin_first(void) __attribute__((leaf, nothrow));
void atomicc_stm_attempt(atomicc_tx_t *tx) __attribute__((leaf, nothrow));
void atomicc__stm_commit(atomicc_tx_t *tx);
__UINT64_TYPE__ atomicc__stm_load_slow(atomicc_tx_t *tx, const void *p, unsigned size);
void atomicc__stm_store(atomicc_tx_t *tx, void *p, __UINT64_TYPE__ v, unsigned size);
void atomicc__stm_load_bytes(atomicc_tx_t *tx, void *dst, const void *src, __SIZE_TYPE__ n);
void atomicc__stm_store_bytes(atomicc_tx_t *tx, void *dst, const void *src, __SIZE_TYPE__ n);

/* ---- the block ----------------------------------------------------------- */

static inline __attribute__((always_inline)) atomicc_tx_t *atomicc_stm_begin(void)
{
    /* (no local variable: GCC's -Wclobbered would flag it next to _setjmp) */
    if (__builtin_expect(atomicc__stm_self != 0, 1)) {
        atomicc__stm_self->depth++;
        return atomicc__stm_self;
    }
    return atomicc__stm_begin_first();
}

static inline __attribute__((always_inline)) void atomicc_stm_end(atomicc_tx_t **txp)
{
    atomicc_tx_t *tx = *txp;
    if (__builtin_expect(tx->depth > 1, 0)) {
        tx->depth--; /* inner block: the outermost one commits */
        return;
    }
    atomicc__stm_commit(tx);
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

#if defined(ATOMICC__TSAN)
#define ATOMICC__STM_SETJMP(tx)                                                \
    atomicc__setjmp(atomicc__stm_jmpbuf((tx), ATOMICC__STM_RESTART_LIBC))
#else
#define ATOMICC__STM_SETJMP(tx)                                                \
    __builtin_setjmp(atomicc__stm_jmpbuf((tx), ATOMICC__STM_RESTART_BUILTIN))
#endif

#define atomicc_stm_restart_point(tx)                                          \
    do {                                                                       \
        if (ATOMICC__STM_SETJMP(tx)) {                                         \
            /* restarted */                                                    \
        }                                                                      \
        atomicc_stm_attempt(tx);                                               \
    } while (0)

void atomicc_stm_retry(atomicc_tx_t *tx) __attribute__((noreturn));
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

/* ---- statistics ---------------------------------------------------------- */
/* Commits and aborts (retries included) of all threads since the start. */
void atomicc_stm_stats(unsigned long *commits, unsigned long *aborts);
/* The same as one line of text (a static buffer). */
const char *atomicc_stm_stats_string(void);

/* ---- accesses -------------------------------------------------------------
 * Fast path of a read of 1, 2, 4 or 8 naturally aligned bytes, inline: the
 * location is not in the write set (bloom filter), its versioned lock is
 * free and no newer than the snapshot before and after the load, and the
 * read set has room.  Anything else (solo mode, read-after-write, a busy or
 * newer lock, odd size or alignment) goes out of line.  Every access to user
 * memory is an __atomic one, so ThreadSanitizer sees no race in an
 * optimistic read that loses against a concurrent commit. */
static inline __attribute__((always_inline)) __UINT64_TYPE__
atomicc__stm_load(atomicc_tx_t *tx, const void *p, unsigned size)
{
    __UINTPTR_TYPE__ a = (__UINTPTR_TYPE__)p;
    __UINTPTR_TYPE__ word = a >> 3;
    if (__builtin_expect((((tx->bloom >> (word & 63)) & 1) | (a & (size - 1))) == 0, 1)) {
        atomicc__stm_word_t *l =
            &atomicc__stm_locks[word & ((1u << ATOMICC_STM_LOCK_BITS) - 1)];
        atomicc__stm_word_t w = __atomic_load_n(l, __ATOMIC_ACQUIRE);
        __UINT64_TYPE__ v;
        if (size == 8)
            v = __atomic_load_n((const __UINT64_TYPE__ *)p, __ATOMIC_ACQUIRE);
        else if (size == 4)
            v = __atomic_load_n((const __UINT32_TYPE__ *)p, __ATOMIC_ACQUIRE);
        else if (size == 2)
            v = __atomic_load_n((const __UINT16_TYPE__ *)p, __ATOMIC_ACQUIRE);
        else
            v = __atomic_load_n((const __UINT8_TYPE__ *)p, __ATOMIC_ACQUIRE);
        /* unlocked (bit 63 clear) and in the snapshot, in one compare */
        if (__builtin_expect(w == __atomic_load_n(l, __ATOMIC_RELAXED) &&
                                 w <= tx->seen[(w >> 2) & (ATOMICC_STM_SLOTS - 1)],
                             1)) {
            void **top = tx->rs_top;
            if (__builtin_expect(top != tx->rs_end, 1)) {
                *top = l;
                tx->rs_top = top + 1;
                return v;
            }
        }
    }
    return atomicc__stm_load_slow(tx, p, size);
}

#define ATOMICC__STM_WORDSIZE(T) (sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4 || sizeof(T) == 8)

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

#define ATOMICC_TX_LOAD(tx, p)                                                 \
    (__extension__({                                                           \
        __typeof__(&*(p)) __atomicc_lp = (p);                                  \
        ATOMICC__STM_UNION(__atomicc_lp) __atomicc_lu;                         \
        if (ATOMICC__STM_WORDSIZE(*__atomicc_lp)) {                            \
            __UINT64_TYPE__ __atomicc_lw =                                     \
                atomicc__stm_load((tx), __atomicc_lp, sizeof *__atomicc_lp);   \
            if (sizeof *__atomicc_lp == 8)                                     \
                __atomicc_lu.__atomicc_u64 = __atomicc_lw;                     \
            else if (sizeof *__atomicc_lp == 4)                                \
                __atomicc_lu.__atomicc_u32 = (__UINT32_TYPE__)__atomicc_lw;    \
            else if (sizeof *__atomicc_lp == 2)                                \
                __atomicc_lu.__atomicc_u16 = (__UINT16_TYPE__)__atomicc_lw;    \
            else                                                               \
                __atomicc_lu.__atomicc_u8 = (__UINT8_TYPE__)__atomicc_lw;      \
        } else {                                                               \
            atomicc__stm_load_bytes((tx), __atomicc_lu.__atomicc_b, __atomicc_lp, \
                                    sizeof *__atomicc_lp);                     \
        }                                                                      \
        __atomicc_lu.__atomicc_v;                                              \
    }))

/* Stores *p = v (v already converted to *p's type) through the write set. */
#define ATOMICC__STM_PUT(tx, p, v)                                             \
    do {                                                                       \
        ATOMICC__STM_UNION(p) __atomicc_su;                                    \
        if (ATOMICC__STM_MAY_PRIVATIZE(*(p)))                                  \
            (tx)->privatizing = 1;                                             \
        if (ATOMICC__STM_WORDSIZE(*(p))) {                                     \
            __atomicc_su.__atomicc_u64 = 0;                                    \
            __atomicc_su.__atomicc_v = (v);                                    \
            atomicc__stm_store((tx), (p),                                      \
                               sizeof *(p) == 8   ? __atomicc_su.__atomicc_u64 \
                               : sizeof *(p) == 4 ? __atomicc_su.__atomicc_u32 \
                               : sizeof *(p) == 2 ? __atomicc_su.__atomicc_u16 \
                                                  : __atomicc_su.__atomicc_u8, \
                               sizeof *(p));                                   \
        } else {                                                               \
            __atomicc_su.__atomicc_v = (v);                                    \
            atomicc__stm_store_bytes((tx), (p), __atomicc_su.__atomicc_b, sizeof *(p)); \
        }                                                                      \
    } while (0)

#define ATOMICC_TX_STORE(tx, p, v)                                             \
    (__extension__({                                                           \
        __typeof__(&*(p)) __atomicc_sp = (p);                                  \
        __typeof__(*__atomicc_sp) __atomicc_sv = (v);                          \
        ATOMICC__STM_PUT((tx), __atomicc_sp, __atomicc_sv);                    \
        __atomicc_sv;                                                          \
    }))

/* *p OP= e, OP one of + - * / % << >> & | ^ (a bare token). */
#define ATOMICC_TX_UPDATE(tx, p, OP, e)                                        \
    (__extension__({                                                           \
        __typeof__(&*(p)) __atomicc_up = (p);                                  \
        __typeof__(*__atomicc_up) __atomicc_uv = ATOMICC_TX_LOAD((tx), __atomicc_up); \
        __atomicc_uv = __atomicc_uv OP(e);                                     \
        ATOMICC__STM_PUT((tx), __atomicc_up, __atomicc_uv);                    \
        __atomicc_uv;                                                          \
    }))

#define ATOMICC__STM_INCDEC(tx, p, DELTA, YIELD_NEW)                           \
    (__extension__({                                                           \
        __typeof__(&*(p)) __atomicc_ip = (p);                                  \
        __typeof__(*__atomicc_ip) __atomicc_iold = ATOMICC_TX_LOAD((tx), __atomicc_ip); \
        __typeof__(*__atomicc_ip) __atomicc_inew = __atomicc_iold DELTA 1;     \
        ATOMICC__STM_PUT((tx), __atomicc_ip, __atomicc_inew);                  \
        YIELD_NEW ? __atomicc_inew : __atomicc_iold;                           \
    }))

#define ATOMICC_TX_POSTINC(tx, p) ATOMICC__STM_INCDEC(tx, p, +, 0)
#define ATOMICC_TX_POSTDEC(tx, p) ATOMICC__STM_INCDEC(tx, p, -, 0)
#define ATOMICC_TX_PREINC(tx, p) ATOMICC__STM_INCDEC(tx, p, +, 1)
#define ATOMICC_TX_PREDEC(tx, p) ATOMICC__STM_INCDEC(tx, p, -, 1)

/* Logs a local of the block's function before the block assigns it. */
#define ATOMICC_TX_LOCAL(tx, p)                                                \
    (__extension__({                                                           \
        __typeof__(&*(p)) __atomicc_xp = (p);                                  \
        atomicc_stm_log_local((tx), (void *)__atomicc_xp, sizeof *__atomicc_xp); \
        __atomicc_xp;                                                          \
    }))

#ifdef __cplusplus
}
#endif

#endif /* ATOMICC_STM_H */
