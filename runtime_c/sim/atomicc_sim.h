/* atomicc_sim.h - hooks of the simulated multiprocessor target (--target=sim).
 *
 * A sim build force-includes this header into every translation unit (the
 * user's program and the runtime's .c files) with -DATOMICC_SIM=1:
 *
 *     gcc -O2 -DATOMICC_SIM=1 -include runtime_c/sim/atomicc_sim.h \
 *         -I runtime_c -I runtime_c/sim -c file.c
 *
 * and links with -Wl,--wrap=main -rdynamic -pthread.  All program threads
 * then run as fibers on one host thread, scheduled by a deterministic
 * discrete-event simulator (runtime_c/sim/sim.c; user documentation in
 * docs/sim.md).
 *
 * The hooks below are called BEFORE the memory access they describe: the
 * simulator may switch to another fiber inside the hook (so that shared
 * accesses happen in simulated-time order), charges the access's cost to the
 * calling fiber and returns; the real access follows with no other fiber in
 * between.  atomicc__sim_r/w/rmw return their first argument, so a compiler
 * can write a load as  *(T *)atomicc__sim_r(&x, sizeof x).
 *
 * The macros at the end shadow GCC's __atomic_* and __sync_* builtins: each
 * use first calls the matching hook and then the real builtin (a
 * function-like macro does not re-expand its own name).  <stdatomic.h>'s
 * macros expand to these builtins, so C11 atomics are covered too.
 */
#ifndef ATOMICC_SIM_H
#define ATOMICC_SIM_H

#if defined(ATOMICC_SIM) && !defined(__ASSEMBLER__)

#ifdef __cplusplus
extern "C" {
#endif

/* A load / store / locked read-modify-write of size bytes at p; returns p. */
void *atomicc__sim_r(const volatile void *p, unsigned long size);
void *atomicc__sim_w(const volatile void *p, unsigned long size);
void *atomicc__sim_rmw(const volatile void *p, unsigned long size);
/* n instructions of private work (no ordering: only advances the clock). */
void atomicc__sim_work(unsigned long n);
/* Yield hint of spin and retry loops (a pause; lets the others progress). */
void atomicc__sim_spin(void);
/* A full fence (waits for the store buffer to drain). */
void atomicc__sim_fence(void);
/* A prefetch of p's line (write: for ownership): starts the fill and goes on;
 * __builtin_prefetch maps here. */
void atomicc__sim_prefetch(const volatile void *p, int write);
/* The runtime notes a committed atomic block / an STM abort or retry.
 * strategy: 0 global, 1 pervar, 2 stm, 3 atomic-op. */
void atomicc__sim_commit(int strategy);
void atomicc__sim_abort(int strategy);
/* Optional: the runtime reports that acquiring the lock word at `lock` had to
 * wait `cycles` simulated cycles (a contended acquisition). */
void atomicc__sim_lock_wait(const volatile void *lock, unsigned long long cycles);

/* Futex-like parking of fibers on a 32-bit word (park.c maps
 * atomicc__park / atomicc__unpark here).  ns < 0: no timeout. */
void atomicc__sim_park(const volatile unsigned *word, unsigned expected, long ns);
void atomicc__sim_unpark(const volatile unsigned *word, int n);

/* Queries (for tests and tools). */
unsigned long long atomicc__sim_now(void);        /* the caller's simulated clock, cycles */
unsigned long long atomicc__sim_trace_hash(void); /* the trace hash so far */
int atomicc__sim_cpus(void);                      /* number of vCPUs */
int atomicc__sim_thread_id(void);                 /* the caller's fiber id (main = 0) */

/* Link-time default vCPU count (the driver defines it; weak default 4). */
extern int atomicc__sim_default_cpus;

#ifdef __cplusplus
}
#endif

#ifndef ATOMICC_SIM_NO_SHADOW
/* ---- Shadowing of the atomic builtins.  Temporaries are named
 * __atomicc_sim_*__ (reserved identifiers, so they cannot capture user
 * names); nested uses are fine, each statement expression has its own
 * scope. */

#define __atomicc_sim_R(p) ((void)atomicc__sim_r((p), sizeof *(p)))
#define __atomicc_sim_W(p) ((void)atomicc__sim_w((p), sizeof *(p)))
#define __atomicc_sim_M(p) ((void)atomicc__sim_rmw((p), sizeof *(p)))

#define __atomic_load_n(p, o) __extension__({                                         \
        __auto_type __atomicc_sim_p__ = (p);                                          \
        __atomicc_sim_R(__atomicc_sim_p__);                                           \
        __atomic_load_n(__atomicc_sim_p__, (o)); })
#define __atomic_load(p, r, o) __extension__({                                        \
        __auto_type __atomicc_sim_p__ = (p);                                          \
        __atomicc_sim_R(__atomicc_sim_p__);                                           \
        __atomic_load(__atomicc_sim_p__, (r), (o)); })
/* A seq_cst store is a locked instruction (xchg, or mov + mfence): it
 * drains the store buffer; weaker stores retire into it. */
#define __atomic_store_n(p, v, o) __extension__({                                     \
        __auto_type __atomicc_sim_p__ = (p);                                          \
        __atomicc_sim_W(__atomicc_sim_p__);                                           \
        if ((o) == __ATOMIC_SEQ_CST) atomicc__sim_fence();                            \
        __atomic_store_n(__atomicc_sim_p__, (v), (o)); })
#define __atomic_store(p, v, o) __extension__({                                       \
        __auto_type __atomicc_sim_p__ = (p);                                          \
        __atomicc_sim_W(__atomicc_sim_p__);                                           \
        if ((o) == __ATOMIC_SEQ_CST) atomicc__sim_fence();                            \
        __atomic_store(__atomicc_sim_p__, (v), (o)); })
/* __builtin_prefetch(addr[, rw[, locality]]) */
#define __builtin_prefetch(...) __atomicc_sim_PF(__VA_ARGS__, 0, 0)
#define __atomicc_sim_PF(p, rw, ...) atomicc__sim_prefetch((p), (rw))
#define __atomic_exchange_n(p, v, o) __extension__({                                  \
        __auto_type __atomicc_sim_p__ = (p);                                          \
        __atomicc_sim_M(__atomicc_sim_p__);                                           \
        __atomic_exchange_n(__atomicc_sim_p__, (v), (o)); })
#define __atomic_exchange(p, v, r, o) __extension__({                                 \
        __auto_type __atomicc_sim_p__ = (p);                                          \
        __atomicc_sim_M(__atomicc_sim_p__);                                           \
        __atomic_exchange(__atomicc_sim_p__, (v), (r), (o)); })
#define __atomic_compare_exchange_n(p, e, d, w, s, f) __extension__({                 \
        __auto_type __atomicc_sim_p__ = (p);                                          \
        __atomicc_sim_M(__atomicc_sim_p__);                                           \
        __atomic_compare_exchange_n(__atomicc_sim_p__, (e), (d), (w), (s), (f)); })
#define __atomic_compare_exchange(p, e, d, w, s, f) __extension__({                   \
        __auto_type __atomicc_sim_p__ = (p);                                          \
        __atomicc_sim_M(__atomicc_sim_p__);                                           \
        __atomic_compare_exchange(__atomicc_sim_p__, (e), (d), (w), (s), (f)); })

#define __atomicc_sim_RMW2(op, p, v, o) __extension__({                               \
        __auto_type __atomicc_sim_p__ = (p);                                          \
        __atomicc_sim_M(__atomicc_sim_p__);                                           \
        op(__atomicc_sim_p__, (v), (o)); })
#define __atomic_fetch_add(p, v, o) __atomicc_sim_RMW2(__atomic_fetch_add, p, v, o)
#define __atomic_fetch_sub(p, v, o) __atomicc_sim_RMW2(__atomic_fetch_sub, p, v, o)
#define __atomic_fetch_and(p, v, o) __atomicc_sim_RMW2(__atomic_fetch_and, p, v, o)
#define __atomic_fetch_or(p, v, o) __atomicc_sim_RMW2(__atomic_fetch_or, p, v, o)
#define __atomic_fetch_xor(p, v, o) __atomicc_sim_RMW2(__atomic_fetch_xor, p, v, o)
#define __atomic_fetch_nand(p, v, o) __atomicc_sim_RMW2(__atomic_fetch_nand, p, v, o)
#define __atomic_add_fetch(p, v, o) __atomicc_sim_RMW2(__atomic_add_fetch, p, v, o)
#define __atomic_sub_fetch(p, v, o) __atomicc_sim_RMW2(__atomic_sub_fetch, p, v, o)
#define __atomic_and_fetch(p, v, o) __atomicc_sim_RMW2(__atomic_and_fetch, p, v, o)
#define __atomic_or_fetch(p, v, o) __atomicc_sim_RMW2(__atomic_or_fetch, p, v, o)
#define __atomic_xor_fetch(p, v, o) __atomicc_sim_RMW2(__atomic_xor_fetch, p, v, o)
#define __atomic_nand_fetch(p, v, o) __atomicc_sim_RMW2(__atomic_nand_fetch, p, v, o)

/* test_and_set / clear act on one byte (p may be a void *). */
#define __atomic_test_and_set(p, o) __extension__({                                   \
        __auto_type __atomicc_sim_p__ = (p);                                          \
        (void)atomicc__sim_rmw(__atomicc_sim_p__, 1);                                 \
        __atomic_test_and_set(__atomicc_sim_p__, (o)); })
#define __atomic_clear(p, o) __extension__({                                          \
        __auto_type __atomicc_sim_p__ = (p);                                          \
        (void)atomicc__sim_w(__atomicc_sim_p__, 1);                                   \
        __atomic_clear(__atomicc_sim_p__, (o)); })
#define __atomic_thread_fence(o) __extension__({                                      \
        atomicc__sim_fence();                                                         \
        __atomic_thread_fence(o); })

/* The legacy __sync builtins (two-operand forms). */
#define __sync_fetch_and_add(p, v) __atomicc_sim_SYNC2(__sync_fetch_and_add, p, v)
#define __sync_fetch_and_sub(p, v) __atomicc_sim_SYNC2(__sync_fetch_and_sub, p, v)
#define __sync_fetch_and_or(p, v) __atomicc_sim_SYNC2(__sync_fetch_and_or, p, v)
#define __sync_fetch_and_and(p, v) __atomicc_sim_SYNC2(__sync_fetch_and_and, p, v)
#define __sync_fetch_and_xor(p, v) __atomicc_sim_SYNC2(__sync_fetch_and_xor, p, v)
#define __sync_fetch_and_nand(p, v) __atomicc_sim_SYNC2(__sync_fetch_and_nand, p, v)
#define __sync_add_and_fetch(p, v) __atomicc_sim_SYNC2(__sync_add_and_fetch, p, v)
#define __sync_sub_and_fetch(p, v) __atomicc_sim_SYNC2(__sync_sub_and_fetch, p, v)
#define __sync_or_and_fetch(p, v) __atomicc_sim_SYNC2(__sync_or_and_fetch, p, v)
#define __sync_and_and_fetch(p, v) __atomicc_sim_SYNC2(__sync_and_and_fetch, p, v)
#define __sync_xor_and_fetch(p, v) __atomicc_sim_SYNC2(__sync_xor_and_fetch, p, v)
#define __sync_nand_and_fetch(p, v) __atomicc_sim_SYNC2(__sync_nand_and_fetch, p, v)
#define __sync_lock_test_and_set(p, v) __atomicc_sim_SYNC2(__sync_lock_test_and_set, p, v)
#define __atomicc_sim_SYNC2(op, p, v) __extension__({                                 \
        __auto_type __atomicc_sim_p__ = (p);                                          \
        __atomicc_sim_M(__atomicc_sim_p__);                                           \
        op(__atomicc_sim_p__, (v)); })
#define __sync_bool_compare_and_swap(p, e, d) __extension__({                         \
        __auto_type __atomicc_sim_p__ = (p);                                          \
        __atomicc_sim_M(__atomicc_sim_p__);                                           \
        __sync_bool_compare_and_swap(__atomicc_sim_p__, (e), (d)); })
#define __sync_val_compare_and_swap(p, e, d) __extension__({                          \
        __auto_type __atomicc_sim_p__ = (p);                                          \
        __atomicc_sim_M(__atomicc_sim_p__);                                           \
        __sync_val_compare_and_swap(__atomicc_sim_p__, (e), (d)); })
#define __sync_lock_release(p) __extension__({                                        \
        __auto_type __atomicc_sim_p__ = (p);                                          \
        __atomicc_sim_W(__atomicc_sim_p__);                                           \
        __sync_lock_release(__atomicc_sim_p__); })
#define __sync_synchronize() __extension__({                                          \
        atomicc__sim_fence();                                                         \
        __sync_synchronize(); })

#endif /* !ATOMICC_SIM_NO_SHADOW */

#endif /* ATOMICC_SIM && !__ASSEMBLER__ */
#endif /* ATOMICC_SIM_H */
