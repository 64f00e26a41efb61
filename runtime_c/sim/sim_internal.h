/* sim_internal.h - shared between sim.c (scheduler, cost model, report) and
 * sim_pthread.c (the interposed thread API).  Not part of any contract. */
#ifndef ATOMICC_SIM_INTERNAL_H
#define ATOMICC_SIM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#define SIM_MAX_CPUS 256
#define SIM_CPU_WORDS (SIM_MAX_CPUS / 64)
#define SIM_L1_SETS 64 /* indexed by the page-offset bits only: ASLR-independent */
#define SIM_KEYS 1024

/* Event kinds (hashed into the trace). */
enum {
    EV_R = 1, EV_W, EV_RMW, EV_WORK, EV_SPIN, EV_FENCE, EV_COMMIT, EV_ABORT,
    EV_BLOCK, EV_WAKE, EV_CREATE, EV_EXIT, EV_SWITCH, EV_YIELD, EV_TIME, EV_LOCKWAIT, EV_PREFETCH
};

/* What a blocked fiber waits for (deadlock report). */
enum {
    W_NONE, W_MUTEX, W_COND, W_RWLOCK_R, W_RWLOCK_W, W_SEM, W_BARRIER, W_JOIN,
    W_ONCE, W_PARK, W_SLEEP, W_SPIN
};

enum { F_RUNNING = 1, F_READY, F_BLOCKED, F_DONE };

#if defined(__x86_64__)
struct sim_ctx {
    void *sp;
};
#else
#include <ucontext.h>
struct sim_ctx {
    ucontext_t uc;
};
#endif

struct sim_cpu;

struct sim_fiber {
    /* hot fields first (the hook fast path) */
    int64_t clock;
    int64_t work_rem;   /* 1/256 cycles of work not yet charged (fractional WORK) */
    uintptr_t *l1;     /* this fiber's vCPU's MRU tag column (SIM_L1_SETS words) */
    uint64_t hid;      /* id << 40, pre-shifted for the trace hash */
    struct sim_cpu *cpu;
    /* scheduling key: (clock >> window, rank); rank = PCT priority << 32 |
     * tie-break (seed 0: rank = id) */
    uint64_t rank;
    int64_t slice_end;
    int id;
    int state;
    int last_cpu;
    int saved_errno;
    struct sim_ctx ctx;
    unsigned char *tls; /* this fiber's copy of the executable's TLS block */
    void *tls_mem;      /* the allocation tls points into (tls has the block's offset in its line) */
    void *stack;        /* mmap'd region (guard page at the bottom), or NULL */
    size_t stack_size;  /* usable bytes above the guard page */
    /* thread */
    void *(*fn)(void *);
    void *arg;
    void *ret;
    int detached;
    int joined;
    struct sim_fiber *joiner;
    void **keys; /* SIM_KEYS values, allocated at the first setspecific */
    /* C11 thrd_create: int-returning start routine */
    int (*cfn)(void *);
    /* waiting */
    int wait_kind;
    const void *wait_obj;
    struct sim_fiber *wait_next; /* wait-queue link */
    int wait_flags;              /* rwlock: 1 = writer */
    const void *wait_aux;        /* cond: the mutex */
    int wake_reason;             /* 0 woken, 1 timed out */
    int64_t block_clock;
    uint64_t timer_gen;
    int in_timer;
    struct sim_fiber *rq_next; /* ready queue link */
    struct sim_fiber *all_next;
};

#define SIM_MAX_FILLS 32 /* upper bound of the FILLS knob */

struct sim_cpu {
    int id;
    int64_t free_at;
    struct sim_fiber *cur;
    uintptr_t *tags; /* ways x SIM_L1_SETS; way 0 (the MRU way) first */
    /* Memory-level parallelism: lines whose fill is still in flight (a
     * prefetch or a store miss; their L1 tag carries TAG_PEND), and the time
     * at which every store issued so far has reached the L1 (the store
     * buffer is drained: what a locked RMW or a fence waits for). */
    int nfill;
    int64_t drain;
    struct { uintptr_t line; int64_t ready; } fill[SIM_MAX_FILLS];
};

/* Knobs (see docs/sim.md). */
struct sim_knobs {
    long cpus;
    unsigned long long seed;
    long long quantum, ctxsw, wake, syscall_cost, create, yield;
    long long l1, store, llc, clean, dirty, cold, rmw, fence, spin;
    long fills;        /* line fills in flight per vCPU (0: every miss blocks) */
    double work;       /* cycles per estimated instruction (ATOMICC_SIM_WORK, may be a fraction) */
    long l1_lines;
    double ghz;
    long long stack, main_stack;
    long long pct_depth, pct_span, pct_window, jitter, stall;
};

extern struct sim_knobs sim_k;
extern struct sim_fiber *sim_cur;
extern int sim_exiting;
extern int sim_started;

void sim_init(void);
/* Orders the current fiber (it becomes the minimum), charges the access and
 * returns the current fiber. */
struct sim_fiber *sim_access(const volatile void *p, unsigned long size, int kind, void *site);
/* Charges cycles to the current fiber and hashes an event (no ordering). */
void sim_charge(int kind, int64_t cycles);
/* Blocks the current fiber (state set by the caller's wait fields);
 * timeout_at < 0: none.  Returns the wake reason (0 woken, 1 timeout). */
int sim_block(int wait_kind, const void *obj, int64_t timeout_at);
/* Wakes a blocked fiber at the current fiber's time (removes a timer). */
void sim_wake(struct sim_fiber *f);
/* The current fiber gives its vCPU to the head of the ready queue (if any). */
void sim_yield(void);
/* Creates a fiber that runs fn(arg); returns it (state running or ready). */
struct sim_fiber *sim_spawn(void *(*fn)(void *), void *arg, size_t stack_size);
/* Ends the current fiber. */
__attribute__((noreturn)) void sim_fiber_exit(void *ret);
void sim_free_fiber(struct sim_fiber *f);
struct sim_fiber *sim_fiber_by_id(int id);
int sim_fiber_count(void);
/* Contended acquisition accounting (mutexes: kind 0; runtime lock words: 1). */
void sim_note_contended(int kind, const volatile void *obj, int64_t cycles);
int64_t sim_ns_to_cycles(int64_t ns);
int64_t sim_cycles_to_ns(int64_t c);
/* Fatal error in the simulator or a failed check: message + replay line, abort. */
__attribute__((noreturn)) void sim_fatal(const char *msg);

/* Wait queues keyed by object address (FIFO). */
void sim_wq_push(const void *obj, struct sim_fiber *f);
struct sim_fiber *sim_wq_pop(const void *obj);
int sim_wq_remove(const void *obj, struct sim_fiber *f);
int sim_wq_empty(const void *obj);

/* symbol+offset of an address ("" if unknown) */
void sim_symbolize(uintptr_t a, char *buf, size_t n);
struct sim_fiber *sim_main_fiber(void);
/* The first waiter in obj's queue (iterate with wait_next). */
struct sim_fiber *sim_wq_head(const void *obj);

/* Keys (pthread_key_t / tss_t) */
void sim_run_key_destructors(struct sim_fiber *f);

#endif
