/* sim.c - the deterministic discrete-event multiprocessor simulator of
 * --target=sim: fibers, the hand-written context switch, the scheduler over
 * N virtual CPUs, the cache-coherence cost model, the hooks, the report.
 * User documentation: docs/sim.md.
 *
 * One host thread runs every program thread as a fiber.  Each fiber has a
 * virtual cycle clock.  A fiber that holds a vCPU is "running"; the running
 * fibers sit in a binary heap ordered by the key (clock >> window, rank)
 * (seed 0: window 0, rank = fiber id, so simply (clock, id)).  At every
 * hook the current fiber must have the smallest key; the hook's fast path
 * only compares its clock with g_limit, the largest clock at which it still
 * is the minimum (folded with the next timer, the end of its time slice when
 * other fibers wait for a vCPU, and the next PCT change point).
 *
 * No atomics here: everything runs on one host thread, and a fiber switch
 * happens only inside the functions of this file.
 */
#define _GNU_SOURCE
#include "sim_internal.h"
#include "atomicc_sim.h"

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define HID __attribute__((visibility("hidden")))
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

__attribute__((weak)) int atomicc__sim_default_cpus = 4;

/* ------------------------------------------------------------------ state */

HID struct sim_knobs sim_k;
HID int sim_exiting;
HID int sim_started;

static uintptr_t g_boot_tags[SIM_L1_SETS]; /* an empty L1 column (no vCPU) */
static struct sim_fiber g_f0 = { .l1 = g_boot_tags }; /* main (and everything before main) */
HID struct sim_fiber *sim_cur = &g_f0;
static int64_t g_limit = INT64_MAX;
static uint64_t g_events;
static uint64_t g_hash = 0xcbf29ce484222325ull;
static int64_t g_c_l1 = 4, g_c_st = 4, g_c_l1rmw = 21, g_c_work = 1;
static int g_prof; /* ATOMICC_SIM_PROFILE: rows of the profile, 0: off */
#define FNV_PRIME 0x100000001b3ull

static struct sim_cpu *g_cpus;
static int g_ncpu;
static int g_ways;
static uint64_t g_free_cpus[SIM_CPU_WORDS];

struct hent;
static struct hent *g_heap; /* running fibers except the current one */
static int g_nheap;
static struct sim_fiber *g_ready_head, *g_ready_tail;
static int g_window;

struct timer {
    int64_t t;
    uint64_t tb;
    struct sim_fiber *f;
    uint64_t gen;
};
static struct timer *g_timers;
static int g_ntimers, g_timers_cap;

static struct sim_fiber **g_fibers; /* by id; NULL once freed */
static int g_nfibers, g_fibers_cap;
static int g_live;
static struct sim_fiber *g_zombie;
static int64_t g_max_clock;

static uint64_t g_rng;
static int64_t g_cps[64];
static int g_ncps, g_cp_next;
static int64_t g_next_cp = INT64_MAX;
static uint64_t g_demotions;

/* statistics */
static uint64_t g_commits[4], g_aborts[4];
static uint64_t g_switches, g_preempts;
static uint64_t g_mutex_contended, g_rt_contended;
static uint64_t g_mutex_wait, g_rt_wait;
static double g_host_start;

/* TLS of the executable */
static unsigned char *g_tls_block;
static size_t g_tls_size;
static const unsigned char *g_tls_image;
static size_t g_tls_filesz;

static char g_seed_str[32];

static double host_now(void)
{
    struct timespec ts;
    syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t rng_next(void)
{
    uint64_t z = (g_rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static inline int64_t jitter(void)
{
    if (LIKELY(sim_k.seed == 0) || sim_k.jitter <= 0)
        return 0;
    return (int64_t)(rng_next() % (uint64_t)(sim_k.jitter + 1));
}

static inline void hash_ev(struct sim_fiber *f, int kind, int64_t cost)
{
    g_events++;
    g_hash = (g_hash ^ (f->hid | ((uint64_t)kind << 32) | (uint32_t)cost)) * FNV_PRIME;
}

/* ------------------------------------------------------------------ errors */

static void put_str(const char *s)
{
    size_t n = strlen(s);
    while (n > 0) {
        ssize_t w = write(2, s, n);
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

static char *fmt_u64(char *buf, unsigned long long v)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *buf++ = tmp[--n];
    *buf = 0;
    return buf;
}

static void replay_line(const char *what)
{
    char buf[256], *p = buf;
    const char *pre = "atomicc-sim: ";
    strcpy(p, pre);
    p += strlen(pre);
    size_t wl = strlen(what);
    if (wl > 120)
        wl = 120;
    memcpy(p, what, wl);
    p += wl;
    const char *t = " in thread ";
    strcpy(p, t);
    p += strlen(t);
    p = fmt_u64(p, (unsigned long long)(sim_cur ? sim_cur->id : 0));
    t = " at simulated cycle ";
    strcpy(p, t);
    p += strlen(t);
    p = fmt_u64(p, (unsigned long long)(sim_cur ? sim_cur->clock : 0));
    t = "; replay with ATOMICC_SIM_SEED=";
    strcpy(p, t);
    p += strlen(t);
    strcpy(p, g_seed_str);
    p += strlen(g_seed_str);
    *p++ = '\n';
    *p = 0;
    put_str(buf);
}

HID void sim_fatal(const char *msg)
{
    replay_line(msg);
    signal(SIGABRT, SIG_DFL);
    abort();
}

static void on_signal(int sig)
{
    const char *name = sig == SIGSEGV ? "fatal signal SIGSEGV"
                       : sig == SIGBUS ? "fatal signal SIGBUS"
                       : sig == SIGFPE ? "fatal signal SIGFPE"
                       : sig == SIGABRT ? "fatal signal SIGABRT (abort: a failed check?)"
                                        : "fatal signal";
    replay_line(name);
    /* SA_RESETHAND: returning re-raises with the default action (abort()
     * raises again itself; a faulting instruction faults again). */
}

static void install_signals(void)
{
    static char altstack[65536];
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0 };
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_ONSTACK | SA_RESETHAND | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGABRT };
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaction(sigs[i], &sa, NULL);
}

/* ------------------------------------------------------------------ knobs */

static long long knob_ll(const char *name, long long def)
{
    char var[64];
    snprintf(var, sizeof var, "ATOMICC_SIM_%s", name);
    const char *s = getenv(var);
    if (!s || !*s)
        return def;
    char *end;
    long long v = strtoll(s, &end, 0);
    if (*end || v < 0) {
        fprintf(stderr, "atomicc-sim: bad value %s=%s (a non-negative integer)\n", var, s);
        exit(2);
    }
    return v;
}

static void read_knobs(void)
{
    sim_k.cpus = (long)knob_ll("CPUS", atomicc__sim_default_cpus);
    if (sim_k.cpus < 1)
        sim_k.cpus = 1;
    if (sim_k.cpus > SIM_MAX_CPUS)
        sim_k.cpus = SIM_MAX_CPUS;
    sim_k.seed = (unsigned long long)knob_ll("SEED", 0);
    sim_k.quantum = knob_ll("QUANTUM", 1000000);
    if (sim_k.quantum < 1)
        sim_k.quantum = 1;
    sim_k.ctxsw = knob_ll("CTXSW", 2000);
    sim_k.wake = knob_ll("WAKE", 3000);
    sim_k.syscall_cost = knob_ll("SYSCALL", 300);
    sim_k.create = knob_ll("CREATE", 20000);
    sim_k.yield = knob_ll("YIELD", 500);
    sim_k.l1 = knob_ll("L1", 4);
    sim_k.store = knob_ll("STORE", sim_k.l1);
    sim_k.llc = knob_ll("LLC", 40);
    sim_k.clean = knob_ll("CLEAN", 65);
    sim_k.dirty = knob_ll("DIRTY", 75);
    sim_k.cold = knob_ll("COLD", 200);
    sim_k.rmw = knob_ll("RMW", 17);
    sim_k.fence = knob_ll("FENCE", 33);
    sim_k.spin = knob_ll("SPIN", 40);
    sim_k.fills = (long)knob_ll("FILLS", 10);
    if (sim_k.fills < 0)
        sim_k.fills = 0;
    if (sim_k.fills > SIM_MAX_FILLS)
        sim_k.fills = SIM_MAX_FILLS;
    const char *wk = getenv("ATOMICC_SIM_WORK"); /* cycles per instruction: may be a fraction */
    sim_k.work = wk && *wk ? strtod(wk, NULL) : 0.25;
    if (!(sim_k.work >= 0.0) || sim_k.work > 1e6)
        sim_k.work = 0.25;
    sim_k.l1_lines = (long)knob_ll("L1_LINES", 512);
    if (sim_k.l1_lines < SIM_L1_SETS)
        sim_k.l1_lines = SIM_L1_SETS;
    if (sim_k.l1_lines > SIM_L1_SETS * 64)
        sim_k.l1_lines = SIM_L1_SETS * 64;
    const char *g = getenv("ATOMICC_SIM_GHZ");
    sim_k.ghz = g && *g ? strtod(g, NULL) : 2.0;
    if (!(sim_k.ghz > 0.0))
        sim_k.ghz = 2.0;
    sim_k.stack = knob_ll("STACK", 256 * 1024);
    sim_k.main_stack = knob_ll("MAIN_STACK", 8 * 1024 * 1024);
    sim_k.pct_depth = knob_ll("PCT_DEPTH", 3);
    if (sim_k.pct_depth > 64)
        sim_k.pct_depth = 64;
    sim_k.pct_span = knob_ll("PCT_SPAN", 2000000);
    sim_k.pct_window = knob_ll("PCT_WINDOW", 10);
    if (sim_k.pct_window > 40)
        sim_k.pct_window = 40;
    sim_k.jitter = knob_ll("JITTER", 8);
    sim_k.stall = knob_ll("STALL", 20000);
    long long prof = knob_ll("PROFILE", 0);
    g_prof = prof > 1000 ? 1000 : (int)prof;
}

HID int64_t sim_ns_to_cycles(int64_t ns)
{
    if (ns <= 0)
        return 0;
    double c = (double)ns * sim_k.ghz;
    return c > 4e18 ? (int64_t)4e18 : (int64_t)c;
}

HID int64_t sim_cycles_to_ns(int64_t c)
{
    return (int64_t)((double)c / sim_k.ghz);
}

/* ------------------------------------------------------------------ TLS */

static int tls_cb(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    (void)data;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type == PT_TLS && info->dlpi_tls_modid == 1 && info->dlpi_tls_data) {
            g_tls_block = info->dlpi_tls_data;
            g_tls_size = ph->p_memsz;
            g_tls_filesz = ph->p_filesz;
            g_tls_image = (const unsigned char *)(info->dlpi_addr + ph->p_vaddr);
        }
    }
    return 1; /* the first entry (the executable) only */
}

/* A fiber's copy of the TLS block.  It is also where the cost model puts
 * the fiber's thread-locals: every fiber runs with its TLS at the host
 * thread's one address, so a hook on a thread-local address (a pointer to
 * a `__thread` variable, an __atomic op on one) is moved to the fiber's
 * copy, which has the same offset within its cache line; otherwise all
 * fibers' thread-locals would share cache lines they do not share. */
static void tls_alloc(struct sim_fiber *f)
{
    if (posix_memalign(&f->tls_mem, 64, g_tls_size + 64) != 0)
        sim_fatal("out of memory (TLS copy)");
    f->tls = (unsigned char *)f->tls_mem + ((uintptr_t)g_tls_block & 63);
}

static inline uintptr_t tls_home(struct sim_fiber *f, uintptr_t a)
{
    uintptr_t off = a - (uintptr_t)g_tls_block;
    return UNLIKELY(off < g_tls_size) && f->tls ? (uintptr_t)f->tls + off : a;
}

static void tls_init_copy(struct sim_fiber *f)
{
    if (!g_tls_size)
        return;
    tls_alloc(f);
    memcpy(f->tls, g_tls_image, g_tls_filesz);
    memset(f->tls + g_tls_filesz, 0, g_tls_size - g_tls_filesz);
}

/* ------------------------------------------------------------------ context switch */

#if defined(__x86_64__)
/* sim_swap(from, to): saves the callee-saved registers, MXCSR and the x87
 * control word on the current stack, stores rsp in from->sp, loads
 * to->sp and restores the same from there. */
void sim_swap(struct sim_ctx *from, struct sim_ctx *to) HID;
void sim_fiber_trampoline(void) HID;
__asm__(".text\n"
        ".p2align 4\n"
        ".globl sim_swap\n"
        ".hidden sim_swap\n"
        ".type sim_swap,@function\n"
        "sim_swap:\n"
        "    pushq %rbp\n"
        "    pushq %rbx\n"
        "    pushq %r12\n"
        "    pushq %r13\n"
        "    pushq %r14\n"
        "    pushq %r15\n"
        "    subq $16, %rsp\n"
        "    stmxcsr 8(%rsp)\n"
        "    fnstcw 12(%rsp)\n"
        "    movq %rsp, (%rdi)\n"
        "    movq (%rsi), %rsp\n"
        "    ldmxcsr 8(%rsp)\n"
        "    fldcw 12(%rsp)\n"
        "    addq $16, %rsp\n"
        "    popq %r15\n"
        "    popq %r14\n"
        "    popq %r13\n"
        "    popq %r12\n"
        "    popq %rbx\n"
        "    popq %rbp\n"
        "    ret\n"
        ".size sim_swap, .-sim_swap\n"
        ".p2align 4\n"
        ".globl sim_fiber_trampoline\n"
        ".hidden sim_fiber_trampoline\n"
        ".type sim_fiber_trampoline,@function\n"
        "sim_fiber_trampoline:\n"
        "    movq %r12, %rdi\n"
        "    callq *%r13\n"
        "    ud2\n"
        ".size sim_fiber_trampoline, .-sim_fiber_trampoline\n");

static void ctx_init(struct sim_ctx *c, void *stack_top, void (*entry)(struct sim_fiber *),
                     struct sim_fiber *f)
{
    uintptr_t top = (uintptr_t)stack_top & ~(uintptr_t)15;
    uint64_t *sp = (uint64_t *)(top - 8 * 9);
    unsigned mx;
    unsigned short cw;
    __asm__ volatile("stmxcsr %0" : "=m"(mx));
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    sp[0] = 0;
    memcpy((char *)&sp[1], &mx, 4);
    memcpy((char *)&sp[1] + 4, &cw, 2);
    sp[2] = 0;                               /* r15 */
    sp[3] = 0;                               /* r14 */
    sp[4] = (uint64_t)(uintptr_t)entry;      /* r13 */
    sp[5] = (uint64_t)(uintptr_t)f;          /* r12 */
    sp[6] = 0;                               /* rbx */
    sp[7] = 0;                               /* rbp */
    sp[8] = (uint64_t)(uintptr_t)sim_fiber_trampoline; /* return address */
    c->sp = sp;
}
#else
/* Portable fallback: ucontext. */
static struct sim_fiber *g_uc_start;
static void (*g_uc_entry)(struct sim_fiber *);
static void uc_trampoline(void)
{
    g_uc_entry(g_uc_start);
    abort();
}
static void sim_swap(struct sim_ctx *from, struct sim_ctx *to)
{
    swapcontext(&from->uc, &to->uc);
}
static void ctx_init(struct sim_ctx *c, void *stack_top, void (*entry)(struct sim_fiber *),
                     struct sim_fiber *f)
{
    getcontext(&c->uc);
    c->uc.uc_stack.ss_sp = f->stack ? (char *)f->stack + 4096 : NULL;
    c->uc.uc_stack.ss_size = (size_t)((char *)stack_top - (char *)c->uc.uc_stack.ss_sp);
    c->uc.uc_link = NULL;
    g_uc_entry = entry; /* one entry function for every fiber */
    g_uc_start = f;
    makecontext(&c->uc, uc_trampoline, 0);
}
#endif

static void *stack_alloc(size_t size, void **base_out)
{
    size_t page = 4096;
    size = (size + page - 1) & ~(page - 1);
    if (size < 16 * page)
        size = 16 * page;
    char *m = mmap(NULL, size + page, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    mprotect(m, page, PROT_NONE); /* guard page */
    *base_out = m;
    return m + page + size; /* top */
}

/* ------------------------------------------------------------------ running heap */

struct hent {
    unsigned __int128 key; /* (clock >> window) << 64 | rank: one compare */
    struct sim_fiber *f;
};

static inline unsigned __int128 fiber_key(const struct sim_fiber *f)
{
    return ((unsigned __int128)(uint64_t)(f->clock >> g_window) << 64) | f->rank;
}

static inline int hent_less(const struct hent *a, const struct hent *b)
{
    return a->key < b->key;
}

static inline int key_less(const struct sim_fiber *a, const struct sim_fiber *b)
{
    int64_t wa = a->clock >> g_window, wb = b->clock >> g_window;
    return wa != wb ? wa < wb : a->rank < b->rank;
}

static void heap_sift_down(int i, struct hent x)
{
    struct hent *h = g_heap;
    int n = g_nheap;
    for (;;) {
        int l = 2 * i + 1;
        if (l >= n)
            break;
        /* branch-free choice of the smaller child (clocks of lock-stepping
         * fibers make this unpredictable) */
        int m = l + (int)(l + 1 < n && h[l + 1].key < h[l].key);
        if (!(h[m].key < x.key))
            break;
        h[i] = h[m];
        i = m;
    }
    h[i] = x;
}

static void heap_push(struct sim_fiber *f)
{
    struct hent x = { fiber_key(f), f };
    int i = g_nheap++;
    while (i > 0) {
        int p = (i - 1) / 2;
        if (!hent_less(&x, &g_heap[p]))
            break;
        g_heap[i] = g_heap[p];
        i = p;
    }
    g_heap[i] = x;
}

static struct sim_fiber *heap_pop(void)
{
    struct sim_fiber *top = g_heap[0].f;
    g_nheap--;
    if (g_nheap)
        heap_sift_down(0, g_heap[g_nheap]);
    return top;
}

/* ------------------------------------------------------------------ timers */

static int timer_less(const struct timer *a, const struct timer *b)
{
    return a->t != b->t ? a->t < b->t : a->tb < b->tb;
}

static void timer_push(int64_t t, struct sim_fiber *f)
{
    if (g_ntimers == g_timers_cap) {
        g_timers_cap = g_timers_cap ? 2 * g_timers_cap : 64;
        g_timers = realloc(g_timers, (size_t)g_timers_cap * sizeof *g_timers);
        if (!g_timers)
            sim_fatal("out of memory (timers)");
    }
    struct timer x = { t, (uint64_t)f->id, f, f->timer_gen };
    int i = g_ntimers++;
    while (i > 0) {
        int p = (i - 1) / 2;
        if (!timer_less(&x, &g_timers[p]))
            break;
        g_timers[i] = g_timers[p];
        i = p;
    }
    g_timers[i] = x;
}

static struct timer timer_pop(void)
{
    struct timer top = g_timers[0];
    struct timer x = g_timers[--g_ntimers];
    int i = 0;
    for (;;) {
        int l = 2 * i + 1;
        if (l >= g_ntimers)
            break;
        int r = l + 1;
        int m = (r < g_ntimers && timer_less(&g_timers[r], &g_timers[l])) ? r : l;
        if (!timer_less(&g_timers[m], &x))
            break;
        g_timers[i] = g_timers[m];
        i = m;
    }
    if (g_ntimers)
        g_timers[i] = x;
    return top;
}

/* ------------------------------------------------------------------ vCPUs */

static void compute_limit(struct sim_fiber *f)
{
    int64_t lim = INT64_MAX;
    if (sim_exiting) {
        g_limit = lim;
        return;
    }
    if (g_nheap) {
        int64_t w = (int64_t)(uint64_t)(g_heap[0].key >> 64);
        if (f->rank < (uint64_t)g_heap[0].key)
            lim = ((w + 1) << g_window) - 1;
        else
            lim = (w << g_window) - 1;
    }
    if (g_ntimers && g_timers[0].t - 1 < lim)
        lim = g_timers[0].t - 1;
    if (g_ready_head && f->slice_end - 1 < lim)
        lim = f->slice_end - 1;
    if (g_next_cp - 1 < lim)
        lim = g_next_cp - 1;
    g_limit = lim;
}

static struct sim_cpu *cpu_free_pick(int pref)
{
    if (pref >= 0 && (g_free_cpus[pref >> 6] >> (pref & 63) & 1))
        return &g_cpus[pref];
    for (int w = 0; w < SIM_CPU_WORDS; w++)
        if (g_free_cpus[w])
            return &g_cpus[w * 64 + __builtin_ctzll(g_free_cpus[w])];
    return NULL;
}

static void cpu_assign(struct sim_cpu *c, struct sim_fiber *f)
{
    g_free_cpus[c->id >> 6] &= ~(1ull << (c->id & 63));
    c->cur = f;
    f->cpu = c;
    f->last_cpu = c->id;
    f->l1 = c->tags;
    if (f->clock < c->free_at)
        f->clock = c->free_at;
    f->clock += sim_k.ctxsw;
    f->slice_end = f->clock + sim_k.quantum;
    f->state = F_RUNNING;
    hash_ev(f, EV_SWITCH, c->id);
    heap_push(f);
}

/* f (not running) wants a vCPU. */
static void make_runnable(struct sim_fiber *f)
{
    struct sim_cpu *c = cpu_free_pick(f->last_cpu);
    if (c) {
        cpu_assign(c, f);
    } else {
        f->state = F_READY;
        f->rq_next = NULL;
        if (g_ready_tail)
            g_ready_tail->rq_next = f;
        else
            g_ready_head = f;
        g_ready_tail = f;
    }
}

/* f leaves its vCPU at its clock; the head of the ready queue gets it. */
static void cpu_release(struct sim_fiber *f)
{
    struct sim_cpu *c = f->cpu;
    f->cpu = NULL;
    f->l1 = g_boot_tags;
    c->cur = NULL;
    c->free_at = f->clock;
    struct sim_fiber *h = g_ready_head;
    if (h) {
        g_ready_head = h->rq_next;
        if (!g_ready_head)
            g_ready_tail = NULL;
        h->rq_next = NULL;
        cpu_assign(c, h);
    } else {
        g_free_cpus[c->id >> 6] |= 1ull << (c->id & 63);
    }
}

/* ------------------------------------------------------------------ switching */

static void reap(void)
{
    struct sim_fiber *z = g_zombie;
    if (z && z != sim_cur) {
        g_zombie = NULL;
        sim_free_fiber(z);
    }
}

static void switch_to(struct sim_fiber *prev, struct sim_fiber *next)
{
    sim_cur = next;
    compute_limit(next);
    if (next == prev)
        return;
    g_switches++;
    if (g_tls_size) {
        if (!prev->tls)
            tls_alloc(prev);
        memcpy(prev->tls, g_tls_block, g_tls_size);
        memcpy(g_tls_block, next->tls, g_tls_size);
    }
    prev->saved_errno = errno;
    errno = next->saved_errno;
    sim_swap(&prev->ctx, &next->ctx);
    /* resumed as prev */
    reap();
}

static void deadlock(void) __attribute__((noreturn));

/* prev can no longer run (blocked, ready, done) or was pushed into the
 * heap: run the running fiber with the smallest key, firing timers when no
 * fiber runs. */
static void fire_timers(int64_t upto);
static void dispatch(struct sim_fiber *prev)
{
    for (;;) {
        if (g_nheap)
            break;
        if (g_ntimers) {
            fire_timers(g_timers[0].t);
            continue;
        }
        deadlock();
    }
    switch_to(prev, heap_pop());
}

static void wake_at(struct sim_fiber *w, int64_t t, int reason)
{
    w->timer_gen++;
    w->in_timer = 0;
    w->wake_reason = reason;
    if (w->clock < t)
        w->clock = t;
    w->clock += sim_k.wake + jitter();
    make_runnable(w);
}

static void fire_timers(int64_t upto)
{
    while (g_ntimers && g_timers[0].t <= upto) {
        struct timer x = timer_pop();
        struct sim_fiber *f = x.f;
        if (x.gen != f->timer_gen || f->state != F_BLOCKED)
            continue;
        if (f->wait_obj && f->wait_kind != W_JOIN)
            sim_wq_remove(f->wait_obj, f);
        hash_ev(f, EV_WAKE, 1);
        wake_at(f, x.t, 1);
    }
}

static void pct_change(struct sim_fiber *f)
{
    while (g_next_cp <= f->clock) {
        /* lower than every initial priority, later change points lower still */
        f->rank = ((0x80000000ull + (uint64_t)g_cp_next) << 32) | (f->rank & 0xffffffffu);
        g_demotions++;
        if (sim_k.stall > 0)
            f->clock += (int64_t)(rng_next() % (uint64_t)(sim_k.stall + 1));
        g_cp_next++;
        g_next_cp = g_cp_next < g_ncps ? g_cps[g_cp_next] : INT64_MAX;
    }
}

/* The current fiber f passed g_limit: fire due timers, take PCT change
 * points, give up the vCPU at the end of the time slice if others wait for
 * one, and let a running fiber with a smaller key go first. */
static __attribute__((noinline)) void reschedule(struct sim_fiber *f)
{
    if (sim_exiting || !sim_started) {
        g_limit = INT64_MAX;
        return;
    }
    if (g_ntimers && g_timers[0].t <= f->clock)
        fire_timers(f->clock);
    if (g_next_cp <= f->clock)
        pct_change(f);
    if (g_ready_head && f->clock >= f->slice_end) {
        g_preempts++;
        cpu_release(f);
        f->state = F_READY;
        f->rq_next = NULL;
        if (g_ready_tail)
            g_ready_tail->rq_next = f;
        else
            g_ready_head = f;
        g_ready_tail = f;
        dispatch(f);
        return;
    }
    if (g_nheap && g_heap[0].key < fiber_key(f)) {
        struct sim_fiber *next = g_heap[0].f;
        struct hent x = { fiber_key(f), f };
        heap_sift_down(0, x);
        switch_to(f, next);
        return;
    }
    compute_limit(f);
}

/* ------------------------------------------------------------------ blocking API */

HID int sim_block(int wait_kind, const void *obj, int64_t timeout_at)
{
    struct sim_fiber *f = sim_cur;
    if (sim_exiting || !sim_started)
        return 2;
    f->wait_kind = wait_kind;
    f->wait_obj = obj;
    f->state = F_BLOCKED;
    f->block_clock = f->clock;
    f->wake_reason = 0;
    f->clock += sim_k.syscall_cost;
    hash_ev(f, EV_BLOCK, wait_kind);
    if (timeout_at >= 0) {
        f->timer_gen++;
        f->in_timer = 1;
        timer_push(timeout_at, f);
    }
    cpu_release(f);
    dispatch(f);
    f->wait_kind = W_NONE;
    f->wait_obj = NULL;
    return f->wake_reason;
}

HID void sim_wake(struct sim_fiber *w)
{
    struct sim_fiber *f = sim_cur;
    if (w->state != F_BLOCKED)
        return;
    f->clock += sim_k.syscall_cost;
    hash_ev(f, EV_WAKE, w->id);
    wake_at(w, f->clock, 0);
    compute_limit(f);
}

HID void sim_yield(void)
{
    struct sim_fiber *f = sim_cur;
    if (!sim_started || sim_exiting)
        return;
    f->clock += sim_k.yield;
    hash_ev(f, EV_YIELD, sim_k.yield);
    if (sim_k.seed) {
        f->rank |= 0xffffffffull << 32;
        g_demotions++;
    }
    if (g_ready_head) {
        cpu_release(f);
        f->state = F_READY;
        f->rq_next = NULL;
        if (g_ready_tail)
            g_ready_tail->rq_next = f;
        else
            g_ready_head = f;
        g_ready_tail = f;
        dispatch(f);
        return;
    }
    compute_limit(f);
}

/* ------------------------------------------------------------------ fibers */

static void fiber_register(struct sim_fiber *f)
{
    if (g_nfibers == g_fibers_cap) {
        g_fibers_cap = g_fibers_cap ? 2 * g_fibers_cap : 64;
        g_fibers = realloc(g_fibers, (size_t)g_fibers_cap * sizeof *g_fibers);
        if (!g_fibers)
            sim_fatal("out of memory (fibers)");
    }
    f->id = g_nfibers;
    g_fibers[g_nfibers++] = f;
    f->hid = (uint64_t)f->id << 40;
    if (sim_k.seed) { /* a random priority below 2^31 (above every demoted one), shuffled tie-break */
        uint64_t r = rng_next();
        f->rank = ((r >> 33) << 32) | ((r & 0xff) << 24) | ((uint64_t)f->id & 0xffffff);
    } else {
        f->rank = (uint64_t)f->id;
    }
    f->last_cpu = -1;
    g_live++;
}

HID int sim_fiber_count(void)
{
    return g_nfibers;
}

HID struct sim_fiber *sim_fiber_by_id(int id)
{
    return id >= 0 && id < g_nfibers ? g_fibers[id] : NULL;
}

static void fiber_main(struct sim_fiber *f)
{
    reap();
    void *r;
    if (f->cfn)
        r = (void *)(intptr_t)f->cfn(f->arg);
    else
        r = f->fn(f->arg);
    sim_fiber_exit(r);
}

HID struct sim_fiber *sim_spawn(void *(*fn)(void *), void *arg, size_t stack_size)
{
    if (!sim_started)
        sim_init();
    struct sim_fiber *cur = sim_cur;
    struct sim_fiber *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    if (stack_size == 0)
        stack_size = (size_t)sim_k.stack;
    void *base;
    void *top = stack_alloc(stack_size, &base);
    if (!top) {
        free(f);
        return NULL;
    }
    f->stack = base;
    f->stack_size = (size_t)((char *)top - (char *)base) - 4096;
    f->fn = fn;
    f->arg = arg;
    tls_init_copy(f);
    fiber_register(f);
    ctx_init(&f->ctx, top, fiber_main, f);
    cur->clock += sim_k.create;
    hash_ev(cur, EV_CREATE, f->id);
    f->clock = cur->clock;
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)
    {
        extern char __libc_single_threaded;
        __libc_single_threaded = 0; /* the runtime's single-thread shortcuts */
    }
#endif
    make_runnable(f);
    compute_limit(cur);
    return f;
}

HID void sim_free_fiber(struct sim_fiber *f)
{
    if (f == &g_f0)
        return;
    if (f->stack)
        munmap(f->stack, f->stack_size + 4096);
    free(f->tls_mem);
    free(f->keys);
    g_fibers[f->id] = NULL;
    free(f);
}

HID void sim_fiber_exit(void *ret)
{
    struct sim_fiber *f = sim_cur;
    f->ret = ret;
    sim_run_key_destructors(f);
    if (sim_exiting) /* exit() is running on another fiber: cannot happen */
        sim_fatal("a thread ended while the process was exiting");
    f->state = F_DONE;
    g_live--;
    if (f->clock > g_max_clock)
        g_max_clock = f->clock;
    hash_ev(f, EV_EXIT, 0);
    if (f->joiner)
        sim_wake(f->joiner);
    if (g_live == 0)
        exit(0); /* main called pthread_exit and this was the last thread */
    cpu_release(f);
    if (f->detached)
        g_zombie = f;
    dispatch(f);
    sim_fatal("a finished thread was resumed");
}

/* ------------------------------------------------------------------ directory */

enum { ST_S = 1, ST_E = 2, ST_M = 3 };

struct lstat_site {
    void *site;
    uint64_t cycles, n;
};
struct lstat {
    uintptr_t line;
    uint64_t queued, queued_n, transfers;
    uint64_t seq;
    int first_fiber;
    struct lstat_site sites[6];
    uint64_t other;
};

struct dline {
    uintptr_t line; /* 0: empty slot */
    int64_t busy_until;
    uint64_t sharers[SIM_CPU_WORDS];
    int32_t owner;     /* vCPU holding it E or M, or -1 */
    uint32_t stat;     /* index + 1 into g_lstats, 0: none */
    uint32_t seq;      /* first-touch number (low 32 bits) */
    int32_t first_fiber;
};

static struct dline *g_dir;
static size_t g_dir_cap, g_dir_n;
static uint64_t g_dir_seq;
static struct lstat *g_lstats;
static size_t g_nlstats, g_lstats_cap;
static int g_share_words = 1;

static inline size_t dir_slot(uintptr_t line)
{
    return (size_t)((line * 0x9E3779B97F4A7C15ull) >> 20) & (g_dir_cap - 1);
}

static void dir_grow(void)
{
    size_t ocap = g_dir_cap;
    struct dline *old = g_dir;
    g_dir_cap = ocap ? 2 * ocap : 1 << 14;
    g_dir = calloc(g_dir_cap, sizeof *g_dir);
    if (!g_dir)
        sim_fatal("out of memory (directory)");
    for (size_t i = 0; i < ocap; i++) {
        if (!old[i].line)
            continue;
        size_t s = dir_slot(old[i].line);
        while (g_dir[s].line)
            s = (s + 1) & (g_dir_cap - 1);
        g_dir[s] = old[i];
    }
    free(old);
}

static struct dline *dir_find(uintptr_t line)
{
    if (!g_dir_cap)
        return NULL;
    size_t s = dir_slot(line);
    while (g_dir[s].line) {
        if (g_dir[s].line == line)
            return &g_dir[s];
        s = (s + 1) & (g_dir_cap - 1);
    }
    return NULL;
}

static struct dline *dir_get(uintptr_t line, int *isnew)
{
    if (2 * (g_dir_n + 1) > g_dir_cap)
        dir_grow();
    size_t s = dir_slot(line);
    while (g_dir[s].line) {
        if (g_dir[s].line == line) {
            *isnew = 0;
            return &g_dir[s];
        }
        s = (s + 1) & (g_dir_cap - 1);
    }
    struct dline *d = &g_dir[s];
    g_dir_n++;
    d->line = line;
    d->owner = -1;
    d->seq = (uint32_t)++g_dir_seq;
    d->first_fiber = sim_cur->id;
    *isnew = 1;
    return d;
}

static void line_queued(struct dline *d, int64_t wait, void *site)
{
    if (!d->stat) {
        if (g_nlstats == g_lstats_cap) {
            g_lstats_cap = g_lstats_cap ? 2 * g_lstats_cap : 256;
            g_lstats = realloc(g_lstats, g_lstats_cap * sizeof *g_lstats);
            if (!g_lstats)
                sim_fatal("out of memory (line statistics)");
        }
        struct lstat *s = &g_lstats[g_nlstats++];
        memset(s, 0, sizeof *s);
        s->line = d->line;
        s->seq = d->seq;
        s->first_fiber = d->first_fiber;
        d->stat = (uint32_t)g_nlstats;
    }
    struct lstat *s = &g_lstats[d->stat - 1];
    s->queued += (uint64_t)wait;
    s->queued_n++;
    for (int i = 0; i < 6; i++) {
        if (s->sites[i].site == site || !s->sites[i].site) {
            s->sites[i].site = site;
            s->sites[i].cycles += (uint64_t)wait;
            s->sites[i].n++;
            return;
        }
    }
    s->other += (uint64_t)wait;
}

/* An L1 tag is (line << 2) | state; TAG_PEND marks a line whose fill is
 * still in flight (see struct sim_cpu).  A pending tag never matches the
 * hooks' inline fast paths, so its first use goes through line_access,
 * which waits for the fill. */
#define TAG_PEND ((uintptr_t)1 << 63)
/* With TAG_PEND: the fill is an upgrade (for ownership) of a line this L1
 * holds Shared, which loads still read meanwhile (the transient S->M state
 * of a MESI cache: a prefetch for writing, or a store in the store buffer,
 * does not take the line away from the loads that follow it). */
#define TAG_UPG ((uintptr_t)1 << 62)
#define TAG_LINE(t) (((t) & ~(TAG_PEND | TAG_UPG)) >> 2)

static inline uintptr_t *l1_find(struct sim_cpu *c, uintptr_t line)
{
    uintptr_t *t = c->tags + (line & (SIM_L1_SETS - 1));
    for (int w = 0; w < g_ways; w++)
        if (TAG_LINE(t[w * SIM_L1_SETS]) == line && (t[w * SIM_L1_SETS] & 3))
            return &t[w * SIM_L1_SETS];
    return NULL;
}

/* Removes line's fill from c's table; returns when it completes (0: none). */
static int64_t fill_take(struct sim_cpu *c, uintptr_t line)
{
    for (int i = 0; i < c->nfill; i++)
        if (c->fill[i].line == line) {
            int64_t r = c->fill[i].ready;
            c->fill[i] = c->fill[--c->nfill];
            return r;
        }
    return 0;
}

static int64_t fill_ready(const struct sim_cpu *c, uintptr_t line)
{
    for (int i = 0; i < c->nfill; i++)
        if (c->fill[i].line == line)
            return c->fill[i].ready;
    return 0;
}

/* Fills complete by `now` leave the table (their tags stop being pending);
 * with the table still full, waits for the earliest fill: returns the
 * cycles waited. */
static int64_t fill_slot(struct sim_cpu *c, int64_t now)
{
    int64_t waited = 0;
    for (;;) {
        int earliest = -1;
        for (int i = 0; i < c->nfill;) {
            if (c->fill[i].ready <= now + waited) {
                uintptr_t *tag = l1_find(c, c->fill[i].line);
                if (tag)
                    *tag &= ~(TAG_PEND | TAG_UPG);
                c->fill[i] = c->fill[--c->nfill];
                continue;
            }
            if (earliest < 0 || c->fill[i].ready < c->fill[earliest].ready)
                earliest = i;
            i++;
        }
        if (c->nfill < sim_k.fills)
            return waited;
        waited = c->fill[earliest].ready - now;
    }
}

static void l1_drop(struct sim_cpu *c, uintptr_t line)
{
    uintptr_t *t = c->tags + (line & (SIM_L1_SETS - 1));
    int w;
    for (w = 0; w < g_ways; w++)
        if (TAG_LINE(t[w * SIM_L1_SETS]) == line && (t[w * SIM_L1_SETS] & 3))
            break;
    if (w == g_ways)
        return;
    if (t[w * SIM_L1_SETS] & TAG_PEND)
        fill_take(c, line);
    for (; w + 1 < g_ways; w++)
        t[w * SIM_L1_SETS] = t[(w + 1) * SIM_L1_SETS];
    t[(g_ways - 1) * SIM_L1_SETS] = 0;
}

/* How an access waits for its line (line_access's `mode`). */
enum { ACC_SYNC, /* loads and locked RMWs: the access completes before the next one */
       ACC_STORE, /* a plain store: retires into the store buffer, the miss drains later */
       ACC_PREFETCH /* a prefetch: starts the fill and goes on */ };

/* One line of an access by vCPU c at time now: returns the cycles the
 * accessing fiber is charged.  A synchronous access pays the line's queue
 * and transfer; a store or a prefetch that misses only starts the fill
 * (it serializes on the line like any transfer) and costs its issue, up to
 * sim_k.fills fills in flight per vCPU (a full table waits for the
 * earliest).  A later access to a line still in flight waits for its fill;
 * a locked RMW or a fence first waits for the store buffer to drain. */
static int64_t line_access(struct sim_cpu *c, uintptr_t line, int kind, void *site, int64_t now, int mode)
{
    uintptr_t *t = c->tags + (line & (SIM_L1_SETS - 1));
    int64_t pre = 0;
    if (sim_k.fills == 0)
        mode = ACC_SYNC;
    if (kind == EV_RMW && c->drain > now) {
        pre = c->drain - now;
        now = c->drain;
    }
    int w;
    for (w = 0; w < g_ways; w++)
        if (TAG_LINE(t[w * SIM_L1_SETS]) == line && (t[w * SIM_L1_SETS] & 3))
            break;
    if (w < g_ways) {
        uintptr_t tag = t[w * SIM_L1_SETS];
        if ((tag & TAG_UPG) && kind == EV_R) {
            /* a load of a line being upgraded: the Shared copy */
            if (mode == ACC_PREFETCH)
                return pre + 1;
            for (; w > 0; w--)
                t[w * SIM_L1_SETS] = t[(w - 1) * SIM_L1_SETS];
            t[0] = tag;
            return pre + sim_k.l1;
        }
        if (tag & TAG_PEND) {
            if (mode != ACC_SYNC && (kind == EV_R || (tag & 3) >= ST_E)) {
                /* in flight already: a prefetch has nothing to do, a store
                 * joins the store buffer behind the fill */
                if (mode == ACC_STORE) {
                    int64_t r = fill_ready(c, line);
                    if (r > c->drain)
                        c->drain = r;
                    t[w * SIM_L1_SETS] = tag | ST_M;
                    return pre + sim_k.store;
                }
                return pre + 1;
            }
            int64_t r = fill_take(c, line);
            if (r > now) {
                pre += r - now;
                now = r;
            }
            tag &= ~(TAG_PEND | TAG_UPG);
            t[w * SIM_L1_SETS] = tag;
        }
        if (kind == EV_R || (tag & 3) >= ST_E) {
            if (mode == ACC_PREFETCH)
                return pre + 1;
            if (kind != EV_R)
                tag = (line << 2) | ST_M;
            for (; w > 0; w--)
                t[w * SIM_L1_SETS] = t[(w - 1) * SIM_L1_SETS];
            t[0] = tag;
            if (kind == EV_W)
                return pre + sim_k.store;
            return pre + sim_k.l1 + (kind == EV_RMW ? sim_k.rmw : 0);
        }
        /* a write to a Shared line: an upgrade, handled as a miss below */
    }
    if (mode != ACC_SYNC) {
        /* a slot in the fill table (retiring clears pending bits only: w stays valid) */
        int64_t s = fill_slot(c, now);
        pre += s;
        now += s;
    }
    int64_t at = now;
    int me = c->id, isnew;
    struct dline *d = dir_get(line, &isnew);
    int others = 0;
    for (int i = 0; i < g_share_words; i++) {
        uint64_t m = d->sharers[i];
        if (i == (me >> 6))
            m &= ~(1ull << (me & 63));
        if (m) {
            others = 1;
            break;
        }
    }
    int64_t lat;
    if (isnew) {
        lat = sim_k.cold;
    } else if (d->owner >= 0 && d->owner != me) {
        uintptr_t *ot = l1_find(&g_cpus[d->owner], line);
        lat = (ot && (*ot & 3) == ST_M) ? sim_k.dirty : sim_k.clean;
    } else if (others) {
        lat = sim_k.clean;
    } else {
        lat = sim_k.llc;
    }
    int64_t start = at > d->busy_until ? at : d->busy_until;
    int64_t wait = start - at;
    d->busy_until = start + lat;
    if (wait > 0 && mode == ACC_SYNC)
        line_queued(d, wait, site);
    if (d->stat)
        g_lstats[d->stat - 1].transfers++;
    int st;
    if (kind == EV_R) {
        if (d->owner >= 0 && d->owner != me) {
            uintptr_t *ot = l1_find(&g_cpus[d->owner], line);
            if (ot)
                *ot = (*ot & (TAG_PEND | TAG_UPG)) | (line << 2) | ST_S;
            d->sharers[d->owner >> 6] |= 1ull << (d->owner & 63);
            d->owner = -1;
            others = 1;
        }
        if (others) {
            d->sharers[me >> 6] |= 1ull << (me & 63);
            st = ST_S;
        } else {
            d->owner = me;
            st = ST_E;
        }
    } else {
        if (d->owner >= 0 && d->owner != me)
            l1_drop(&g_cpus[d->owner], line);
        for (int i = 0; i < g_share_words; i++) {
            uint64_t m = d->sharers[i];
            while (m) {
                int b = i * 64 + __builtin_ctzll(m);
                m &= m - 1;
                if (b != me)
                    l1_drop(&g_cpus[b], line);
            }
            d->sharers[i] = 0;
        }
        d->owner = me;
        st = ST_M;
    }
    /* install at the MRU position */
    uintptr_t upg = 0;
    if (w < g_ways) {
        uintptr_t old = t[w * SIM_L1_SETS];
        if (!(old & TAG_PEND) || (old & TAG_UPG))
            upg = TAG_UPG; /* it was readable: it stays readable */
        if (t[w * SIM_L1_SETS] & TAG_PEND)   /* an upgrade of a line still in flight */
            fill_take(c, line);
        for (; w > 0; w--)
            t[w * SIM_L1_SETS] = t[(w - 1) * SIM_L1_SETS];
    } else {
        uintptr_t victim = t[(g_ways - 1) * SIM_L1_SETS];
        if (victim & 3) {
            uintptr_t vl = TAG_LINE(victim);
            if (victim & TAG_PEND)
                fill_take(c, vl);
            struct dline *v = dir_find(vl);
            if (v) {
                if (v->owner == me)
                    v->owner = -1; /* written back to the LLC */
                v->sharers[me >> 6] &= ~(1ull << (me & 63));
            }
        }
        for (w = g_ways - 1; w > 0; w--)
            t[w * SIM_L1_SETS] = t[(w - 1) * SIM_L1_SETS];
    }
    if (mode == ACC_SYNC) {
        t[0] = (line << 2) | (uintptr_t)st;
        return pre + wait + lat + (kind == EV_RMW ? sim_k.rmw : 0);
    }
    int64_t ready = start + lat;
    t[0] = TAG_PEND | upg | (line << 2) | (uintptr_t)st;
    c->fill[c->nfill].line = line;
    c->fill[c->nfill].ready = ready;
    c->nfill++;
    if (mode == ACC_STORE) {
        if (ready > c->drain)
            c->drain = ready;
        return pre + sim_k.store;
    }
    return pre + 1;
}

static int64_t mem_cost(struct sim_fiber *f, uintptr_t a, unsigned long size, int kind, void *site, int mode)
{
    if (size == 0)
        size = 1;
    uintptr_t first = a >> 6, last = (a + size - 1) >> 6;
    int64_t cost = 0;
    for (uintptr_t l = first; l <= last; l++)
        cost += line_access(f->cpu, l, kind, site, f->clock + cost, mode);
    return cost + jitter();
}

/* ------------------------------------------------------------------ profile */

/* ATOMICC_SIM_PROFILE=N: the cycles the hooks charge (memory accesses with
 * their queueing, private work, spin pauses), summed per code site (the
 * hook's return address) and reported by function and by site.  Off by
 * default: then each fast path pays one test of g_prof.  Never part of the
 * trace hash. */
#define PROF_SLOTS (1u << 15)
struct prof_site {
    void *site;
    uint64_t n, cycles;
};
static struct prof_site *g_prof_tab;
static uint64_t g_prof_other; /* cycles of sites that found the table full */
static unsigned g_prof_used;

static __attribute__((noinline)) void prof_add(void *site, int64_t c)
{
    if (UNLIKELY(!g_prof_tab)) {
        g_prof_tab = calloc(PROF_SLOTS, sizeof *g_prof_tab);
        if (!g_prof_tab) {
            g_prof = 0;
            return;
        }
    }
    uint32_t h = (uint32_t)(((uint64_t)(uintptr_t)site * 0x9E3779B97F4A7C15ull) >> 49);
    for (;;) {
        struct prof_site *e = &g_prof_tab[h];
        if (e->site == site) {
            e->n++;
            e->cycles += (uint64_t)c;
            return;
        }
        if (!e->site) {
            if (g_prof_used >= PROF_SLOTS - PROF_SLOTS / 8) {
                g_prof_other += (uint64_t)c;
                return;
            }
            g_prof_used++;
            e->site = site;
            e->n = 1;
            e->cycles = (uint64_t)c;
            return;
        }
        h = (h + 1) & (PROF_SLOTS - 1);
    }
}
#define PROF(site, c)                                                          \
    do {                                                                       \
        if (UNLIKELY(g_prof))                                                  \
            prof_add((site), (c));                                             \
    } while (0)

/* ------------------------------------------------------------------ hooks */

static __attribute__((noinline)) void *hook_slow(const volatile void *p, unsigned long size,
                                                   int kind, void *site)
{
    if (UNLIKELY(!sim_started))
        sim_init();
    struct sim_fiber *f = sim_cur;
    if (f->clock > g_limit)
        reschedule(f);
    int64_t c = mem_cost(f, tls_home(f, (uintptr_t)p), size, kind, site, kind == EV_W ? ACC_STORE : ACC_SYNC);
    f->clock += c;
    PROF(site, c);
    hash_ev(f, kind, c);
    return (void *)(uintptr_t)p;
}

HID struct sim_fiber *sim_access(const volatile void *p, unsigned long size, int kind, void *site)
{
    hook_slow(p, size, kind, site);
    return sim_cur;
}

void *atomicc__sim_r(const volatile void *p, unsigned long size)
{
    struct sim_fiber *f = sim_cur;
    uintptr_t a = tls_home(f, (uintptr_t)p), line = a >> 6;
    if (LIKELY(f->clock <= g_limit) && LIKELY(((a + size - 1) >> 6) == line) &&
        LIKELY(f->l1[line & (SIM_L1_SETS - 1)] >> 2 == line)) {
        f->clock += g_c_l1;
        g_events++;
        g_hash = (g_hash ^ (f->hid | ((uint64_t)EV_R << 32) | (uint64_t)g_c_l1)) * FNV_PRIME;
        PROF(__builtin_return_address(0), g_c_l1);
        return (void *)(uintptr_t)p;
    }
    return hook_slow(p, size, EV_R, __builtin_return_address(0));
}

void *atomicc__sim_w(const volatile void *p, unsigned long size)
{
    struct sim_fiber *f = sim_cur;
    uintptr_t a = tls_home(f, (uintptr_t)p), line = a >> 6;
    uintptr_t *slot = &f->l1[line & (SIM_L1_SETS - 1)];
    if (LIKELY(f->clock <= g_limit) && LIKELY(((a + size - 1) >> 6) == line) &&
        LIKELY((*slot | 1) == ((line << 2) | ST_M))) {
        *slot = (line << 2) | ST_M;
        f->clock += g_c_st;
        g_events++;
        g_hash = (g_hash ^ (f->hid | ((uint64_t)EV_W << 32) | (uint64_t)g_c_st)) * FNV_PRIME;
        PROF(__builtin_return_address(0), g_c_st);
        return (void *)(uintptr_t)p;
    }
    return hook_slow(p, size, EV_W, __builtin_return_address(0));
}

void *atomicc__sim_rmw(const volatile void *p, unsigned long size)
{
    struct sim_fiber *f = sim_cur;
    uintptr_t a = tls_home(f, (uintptr_t)p), line = a >> 6;
    uintptr_t *slot = &f->l1[line & (SIM_L1_SETS - 1)];
    if (LIKELY(f->clock <= g_limit) && LIKELY(((a + size - 1) >> 6) == line) &&
        LIKELY((*slot | 1) == ((line << 2) | ST_M))) {
        *slot = (line << 2) | ST_M;
        f->clock += g_c_l1rmw;
        g_events++;
        g_hash = (g_hash ^ (f->hid | ((uint64_t)EV_RMW << 32) | (uint64_t)g_c_l1rmw)) * FNV_PRIME;
        PROF(__builtin_return_address(0), g_c_l1rmw);
        return (void *)(uintptr_t)p;
    }
    return hook_slow(p, size, EV_RMW, __builtin_return_address(0));
}

void atomicc__sim_work(unsigned long n)
{
    struct sim_fiber *f = sim_cur;
    int64_t q = (int64_t)n * g_c_work + f->work_rem;
    int64_t c = q >> 8;
    f->work_rem = q & 255;
    f->clock += c;
    g_events++;
    PROF(__builtin_return_address(0), c);
    g_hash = (g_hash ^ (f->hid | ((uint64_t)EV_WORK << 32) | (uint32_t)c)) * FNV_PRIME;
}

void atomicc__sim_spin(void)
{
    struct sim_fiber *f = sim_cur;
    f->clock += sim_k.spin;
    PROF(__builtin_return_address(0), sim_k.spin);
    hash_ev(f, EV_SPIN, sim_k.spin);
    if (sim_k.seed && sim_started && !sim_exiting) {
        /* PCT: a spinning fiber gives way to every other fiber of its window */
        f->rank |= 0xffffffffull << 32;
        compute_limit(f);
    }
}

void atomicc__sim_fence(void)
{
    struct sim_fiber *f = sim_cur;
    int64_t c = sim_k.fence;
    if (f->cpu && f->cpu->drain > f->clock)
        c += f->cpu->drain - f->clock;   /* the store buffer drains first */
    f->clock += c;
    hash_ev(f, EV_FENCE, c);
}

void atomicc__sim_prefetch(const volatile void *p, int write)
{
    if (UNLIKELY(!sim_started))
        sim_init();
    struct sim_fiber *f = sim_cur;
    if (f->clock > g_limit)
        reschedule(f);
    int64_t c = mem_cost(f, tls_home(f, (uintptr_t)p), 1, write ? EV_W : EV_R, __builtin_return_address(0),
                         ACC_PREFETCH);
    f->clock += c;
    PROF(__builtin_return_address(0), c);
    hash_ev(f, EV_PREFETCH, c);
}

void atomicc__sim_commit(int strategy)
{
    g_commits[strategy & 3]++;
    hash_ev(sim_cur, EV_COMMIT, strategy);
}

void atomicc__sim_abort(int strategy)
{
    g_aborts[strategy & 3]++;
    hash_ev(sim_cur, EV_ABORT, strategy);
}

HID void sim_note_contended(int kind, const volatile void *obj, int64_t cycles)
{
    (void)obj;
    if (cycles < 0)
        cycles = 0;
    if (kind == 0) {
        g_mutex_contended++;
        g_mutex_wait += (uint64_t)cycles;
    } else {
        g_rt_contended++;
        g_rt_wait += (uint64_t)cycles;
    }
}

void atomicc__sim_lock_wait(const volatile void *lock, unsigned long long cycles)
{
    sim_note_contended(1, lock, (int64_t)cycles);
    hash_ev(sim_cur, EV_LOCKWAIT, (int64_t)cycles);
}

HID void sim_charge(int kind, int64_t cycles)
{
    struct sim_fiber *f = sim_cur;
    f->clock += cycles;
    hash_ev(f, kind, cycles);
}

unsigned long long atomicc__sim_now(void)
{
    return (unsigned long long)sim_cur->clock;
}

unsigned long long atomicc__sim_trace_hash(void)
{
    return g_hash;
}

int atomicc__sim_cpus(void)
{
    if (!sim_started)
        sim_init();
    return g_ncpu;
}

int atomicc__sim_thread_id(void)
{
    return sim_cur->id;
}

/* ------------------------------------------------------------------ park */

void atomicc__sim_park(const volatile unsigned *word, unsigned expected, long ns)
{
    struct sim_fiber *f = sim_access(word, sizeof *word, EV_R, __builtin_return_address(0));
    if (*word != expected || sim_exiting)
        return;
    int64_t deadline = ns >= 0 ? f->clock + sim_k.syscall_cost + sim_ns_to_cycles(ns) : -1;
    sim_wq_push((const void *)word, f);
    sim_block(W_PARK, (const void *)word, deadline);
}

void atomicc__sim_unpark(const volatile unsigned *word, int n)
{
    struct sim_fiber *f = sim_access(word, sizeof *word, EV_R, __builtin_return_address(0));
    f->clock += sim_k.syscall_cost;
    while (n != 0) {
        struct sim_fiber *w = sim_wq_pop((const void *)word);
        if (!w)
            break;
        sim_wake(w);
        if (n > 0)
            n--;
    }
}

/* ------------------------------------------------------------------ wait queues */

struct wq {
    const void *obj;
    struct sim_fiber *head, *tail;
    struct wq *next;
};
#define WQ_BUCKETS 4096
static struct wq *g_wq[WQ_BUCKETS];
static struct wq *g_wq_free;

static inline unsigned wq_bucket(const void *obj)
{
    return (unsigned)(((uintptr_t)obj * 0x9E3779B97F4A7C15ull) >> 52) & (WQ_BUCKETS - 1);
}

static struct wq **wq_find(const void *obj)
{
    struct wq **pp = &g_wq[wq_bucket(obj)];
    while (*pp && (*pp)->obj != obj)
        pp = &(*pp)->next;
    return pp;
}

HID void sim_wq_push(const void *obj, struct sim_fiber *f)
{
    struct wq **pp = wq_find(obj);
    struct wq *q = *pp;
    if (!q) {
        q = g_wq_free;
        if (q)
            g_wq_free = q->next;
        else if (!(q = malloc(sizeof *q)))
            sim_fatal("out of memory (wait queue)");
        q->obj = obj;
        q->head = q->tail = NULL;
        q->next = NULL;
        *pp = q;
    }
    f->wait_next = NULL;
    if (q->tail)
        q->tail->wait_next = f;
    else
        q->head = f;
    q->tail = f;
}

static void wq_release(struct wq **pp)
{
    struct wq *q = *pp;
    if (q->head)
        return;
    *pp = q->next;
    q->next = g_wq_free;
    g_wq_free = q;
}

HID struct sim_fiber *sim_wq_pop(const void *obj)
{
    struct wq **pp = wq_find(obj);
    struct wq *q = *pp;
    if (!q)
        return NULL;
    struct sim_fiber *f = q->head;
    q->head = f->wait_next;
    if (!q->head)
        q->tail = NULL;
    f->wait_next = NULL;
    wq_release(pp);
    return f;
}

HID int sim_wq_remove(const void *obj, struct sim_fiber *f)
{
    struct wq **pp = wq_find(obj);
    struct wq *q = *pp;
    if (!q)
        return 0;
    struct sim_fiber *prev = NULL;
    for (struct sim_fiber *x = q->head; x; prev = x, x = x->wait_next) {
        if (x != f)
            continue;
        if (prev)
            prev->wait_next = x->wait_next;
        else
            q->head = x->wait_next;
        if (q->tail == x)
            q->tail = prev;
        x->wait_next = NULL;
        wq_release(pp);
        return 1;
    }
    return 0;
}

HID struct sim_fiber *sim_wq_head(const void *obj)
{
    struct wq *q = *wq_find(obj);
    return q ? q->head : NULL;
}

HID int sim_wq_empty(const void *obj)
{
    return *wq_find(obj) == NULL;
}

/* ------------------------------------------------------------------ symbols */

struct sym {
    uintptr_t lo, hi;
    const char *name;
};
static struct sym *g_syms;
static size_t g_nsyms;
static int g_syms_loaded;

static int sym_cmp(const void *a, const void *b)
{
    const struct sym *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static int base_cb(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    *(uintptr_t *)data = info->dlpi_addr;
    return 1;
}

static void syms_load(void)
{
    g_syms_loaded = 1;
    uintptr_t base = 0;
    dl_iterate_phdr(base_cb, &base);
    int fd = open("/proc/self/exe", O_RDONLY);
    if (fd < 0)
        return;
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size < (off_t)sizeof(ElfW(Ehdr))) {
        close(fd);
        return;
    }
    const unsigned char *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (m == MAP_FAILED)
        return;
    const ElfW(Ehdr) *eh = (const void *)m;
    if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_shoff == 0)
        return;
    const ElfW(Shdr) *sh = (const void *)(m + eh->e_shoff);
    const ElfW(Shdr) *symtab = NULL;
    for (int i = 0; i < eh->e_shnum; i++)
        if (sh[i].sh_type == SHT_SYMTAB)
            symtab = &sh[i];
    for (int i = 0; !symtab && i < eh->e_shnum; i++)
        if (sh[i].sh_type == SHT_DYNSYM)
            symtab = &sh[i];
    if (!symtab)
        return;
    const char *strs = (const char *)(m + sh[symtab->sh_link].sh_offset);
    const ElfW(Sym) *s = (const void *)(m + symtab->sh_offset);
    size_t n = symtab->sh_size / sizeof *s;
    g_syms = malloc(n * sizeof *g_syms);
    if (!g_syms)
        return;
    for (size_t i = 0; i < n; i++) {
        int type = ELF64_ST_TYPE(s[i].st_info);
        if ((type != STT_OBJECT && type != STT_FUNC) || s[i].st_shndx == SHN_UNDEF || !s[i].st_name)
            continue;
        uintptr_t lo = base + s[i].st_value;
        g_syms[g_nsyms].lo = lo;
        g_syms[g_nsyms].hi = lo + (s[i].st_size ? s[i].st_size : 1);
        g_syms[g_nsyms].name = strs + s[i].st_name;
        g_nsyms++;
    }
    qsort(g_syms, g_nsyms, sizeof *g_syms, sym_cmp);
}

/* symbol+offset of address a into buf ("" if unknown). */
HID void sim_symbolize(uintptr_t a, char *buf, size_t n)
{
    if (!g_syms_loaded)
        syms_load();
    size_t lo = 0, hi = g_nsyms;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (g_syms[mid].lo <= a)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i-- > 0 && lo - i < 64;) {
        if (g_syms[i].lo <= a && a < g_syms[i].hi) {
            snprintf(buf, n, "%s+%#lx", g_syms[i].name, (unsigned long)(a - g_syms[i].lo));
            return;
        }
    }
    Dl_info di;
    if (dladdr((void *)a, &di) && di.dli_sname && di.dli_saddr) {
        snprintf(buf, n, "%s+%#lx", di.dli_sname, (unsigned long)(a - (uintptr_t)di.dli_saddr));
        return;
    }
    buf[0] = 0;
}

/* ------------------------------------------------------------------ report */

static int64_t makespan(void)
{
    int64_t m = g_max_clock;
    for (int i = 0; i < g_nfibers; i++)
        if (g_fibers[i] && g_fibers[i]->clock > m)
            m = g_fibers[i]->clock;
    return m;
}

static int lstat_cmp(const void *a, const void *b)
{
    const struct lstat *x = *(struct lstat *const *)a, *y = *(struct lstat *const *)b;
    if (x->queued != y->queued)
        return x->queued > y->queued ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int site_cmp(const void *a, const void *b)
{
    const struct lstat_site *x = a, *y = b;
    if (x->cycles != y->cycles)
        return x->cycles > y->cycles ? -1 : 1;
    return x->n > y->n ? -1 : x->n < y->n;
}

static void line_name(const struct lstat *s, char *buf, size_t n)
{
    char sym[200];
    sim_symbolize(s->line << 6, sym, sizeof sym);
    if (sym[0])
        snprintf(buf, n, "%s", sym);
    else
        snprintf(buf, n, "<heap/stack line #%llu, first touched by thread %d>",
                 (unsigned long long)s->seq, s->first_fiber);
}

static void json_str(FILE *o, const char *s)
{
    fputc('"', o);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', o);
        if ((unsigned char)*s < 0x20)
            fprintf(o, "\\u%04x", *s);
        else
            fputc(*s, o);
    }
    fputc('"', o);
}

static const char *g_strat_names[4] = { "global", "pervar", "stm", "atomic-op" };

/* ---- the profile (ATOMICC_SIM_PROFILE) */

struct prof_row {
    char name[200];
    uint64_t cycles, n;
};

static int prof_row_by_name(const void *a, const void *b)
{
    return strcmp(((const struct prof_row *)a)->name, ((const struct prof_row *)b)->name);
}

static int prof_row_by_cycles(const void *a, const void *b)
{
    const struct prof_row *x = a, *y = b;
    if (x->cycles != y->cycles)
        return x->cycles > y->cycles ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* The profile's rows by code site, sorted by cycles, then by name; *total
 * gets every cycle counted (the table's overflow too). */
static struct prof_row *prof_sites(size_t *nrows, uint64_t *total)
{
    *nrows = 0;
    *total = g_prof_other;
    if (!g_prof_tab)
        return NULL;
    struct prof_row *r = malloc((size_t)g_prof_used * sizeof *r + sizeof *r);
    if (!r)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < PROF_SLOTS; i++) {
        struct prof_site *e = &g_prof_tab[i];
        if (!e->site)
            continue;
        sim_symbolize((uintptr_t)e->site, r[n].name, sizeof r[n].name);
        if (!r[n].name[0])
            snprintf(r[n].name, sizeof r[n].name, "%#lx", (unsigned long)(uintptr_t)e->site);
        r[n].cycles = e->cycles;
        r[n].n = e->n;
        *total += e->cycles;
        n++;
    }
    qsort(r, n, sizeof *r, prof_row_by_cycles);
    *nrows = n;
    return r;
}

/* The same rows summed by function (the site's name without "+offset"). */
static struct prof_row *prof_functions(const struct prof_row *sites, size_t n, size_t *nrows)
{
    *nrows = 0;
    struct prof_row *r = malloc(n * sizeof *r + sizeof *r);
    if (!r)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        r[i] = sites[i];
        char *plus = strrchr(r[i].name, '+');
        if (plus)
            *plus = 0;
    }
    qsort(r, n, sizeof *r, prof_row_by_name);
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        if (out && strcmp(r[out - 1].name, r[i].name) == 0) {
            r[out - 1].cycles += r[i].cycles;
            r[out - 1].n += r[i].n;
        } else {
            r[out++] = r[i];
        }
    }
    qsort(r, out, sizeof *r, prof_row_by_cycles);
    *nrows = out;
    return r;
}

static void write_profile(FILE *o, int json)
{
    size_t nsites, nfuncs;
    uint64_t total;
    struct prof_row *sites = prof_sites(&nsites, &total);
    struct prof_row *funcs_rows = sites ? prof_functions(sites, nsites, &nfuncs) : NULL;
    if (!funcs_rows)
        nfuncs = 0;
    for (int funcs = 1; funcs >= 0; funcs--) {
        const struct prof_row *r = funcs ? funcs_rows : sites;
        size_t n = funcs ? nfuncs : nsites;
        size_t k = n < (size_t)g_prof ? n : (size_t)g_prof;
        if (json) {
            if (funcs)
                fprintf(o, "\"profile\": {\"cycles\": %llu, \"other_cycles\": %llu, \"functions\": [",
                        (unsigned long long)total, (unsigned long long)g_prof_other);
            else
                fprintf(o, ", \"sites\": [");
            for (size_t i = 0; i < k; i++) {
                fprintf(o, "%s{\"%s\": ", i ? ", " : "", funcs ? "function" : "site");
                json_str(o, r[i].name);
                fprintf(o, ", \"cycles\": %llu, \"count\": %llu}", (unsigned long long)r[i].cycles,
                        (unsigned long long)r[i].n);
            }
            fprintf(o, "]%s", funcs ? "" : "}, ");
        } else {
            if (funcs)
                fprintf(o, "  profile (cycles the hooks charged: memory, work, spins; %llu in all)\n",
                        (unsigned long long)total);
            fprintf(o, "    by %s%s\n", funcs ? "function" : "code site", k ? "" : ": none");
            for (size_t i = 0; i < k; i++)
                fprintf(o, "      %-40s %14llu cycles %5.1f%%  %11llu hooks  %8.1f per hook\n", r[i].name,
                        (unsigned long long)r[i].cycles, total ? 100.0 * (double)r[i].cycles / (double)total : 0.0,
                        (unsigned long long)r[i].n, r[i].n ? (double)r[i].cycles / (double)r[i].n : 0.0);
            if (!funcs && g_prof_other)
                fprintf(o, "      %-40s %14llu cycles (the profile's table was full)\n", "(other sites)",
                        (unsigned long long)g_prof_other);
        }
    }
    free(funcs_rows);
    free(sites);
}

static void write_report(FILE *o, int json)
{
    int64_t cycles = makespan();
    double secs = (double)cycles / (sim_k.ghz * 1e9);
    double host = host_now() - g_host_start;
    uint64_t commits = g_commits[0] + g_commits[1] + g_commits[2] + g_commits[3];
    double bps = secs > 0 ? (double)commits / secs : 0.0;
    double eps = host > 0 ? (double)g_events / host : 0.0;
    struct lstat **top = NULL;
    size_t ntop = 0;
    if (g_nlstats) {
        top = malloc(g_nlstats * sizeof *top);
        if (top) {
            for (size_t i = 0; i < g_nlstats; i++)
                top[i] = &g_lstats[i];
            qsort(top, g_nlstats, sizeof *top, lstat_cmp);
            ntop = g_nlstats < 5 ? g_nlstats : 5;
        }
    }
    if (json) {
        fprintf(o, "{\"vcpus\": %d, \"seed\": %llu, \"cycles\": %lld, \"seconds\": %.9f, ", g_ncpu,
                sim_k.seed, (long long)cycles, secs);
        fprintf(o, "\"threads\": %d, \"commits\": {", g_nfibers);
        for (int i = 0; i < 4; i++)
            fprintf(o, "%s\"%s\": %llu", i ? ", " : "", g_strat_names[i], (unsigned long long)g_commits[i]);
        fprintf(o, "}, \"blocks_per_sim_second\": %.1f, ", bps);
        fprintf(o, "\"lock_wait_cycles\": %llu, \"mutex_wait_cycles\": %llu, \"runtime_lock_wait_cycles\": %llu, ",
                (unsigned long long)(g_mutex_wait + g_rt_wait), (unsigned long long)g_mutex_wait,
                (unsigned long long)g_rt_wait);
        fprintf(o, "\"contended\": %llu, \"mutex_contended\": %llu, \"runtime_contended\": %llu, ",
                (unsigned long long)(g_mutex_contended + g_rt_contended),
                (unsigned long long)g_mutex_contended, (unsigned long long)g_rt_contended);
        fprintf(o, "\"stm_commits\": %llu, \"stm_aborts\": %llu, ", (unsigned long long)g_commits[2],
                (unsigned long long)g_aborts[2]);
        fprintf(o, "\"aborts\": {");
        for (int i = 0; i < 4; i++)
            fprintf(o, "%s\"%s\": %llu", i ? ", " : "", g_strat_names[i], (unsigned long long)g_aborts[i]);
        fprintf(o, "}, \"events\": %llu, \"context_switches\": %llu, \"preemptions\": %llu, ",
                (unsigned long long)g_events, (unsigned long long)g_switches,
                (unsigned long long)g_preempts);
        fprintf(o, "\"trace_hash\": \"%016llx\", \"hot_lines\": [", (unsigned long long)g_hash);
        for (size_t i = 0; i < ntop; i++) {
            char name[256];
            line_name(top[i], name, sizeof name);
            fprintf(o, "%s{\"line\": ", i ? ", " : "");
            json_str(o, name);
            fprintf(o, ", \"queued_cycles\": %llu, \"queued\": %llu, \"transfers\": %llu, \"sites\": [",
                    (unsigned long long)top[i]->queued, (unsigned long long)top[i]->queued_n,
                    (unsigned long long)top[i]->transfers);
            qsort(top[i]->sites, 6, sizeof top[i]->sites[0], site_cmp);
            int first = 1;
            for (int k = 0; k < 6; k++) {
                if (!top[i]->sites[k].site)
                    continue;
                char sn[256];
                sim_symbolize((uintptr_t)top[i]->sites[k].site, sn, sizeof sn);
                fprintf(o, "%s{\"site\": ", first ? "" : ", ");
                json_str(o, sn[0] ? sn : "?");
                fprintf(o, ", \"cycles\": %llu, \"count\": %llu}", (unsigned long long)top[i]->sites[k].cycles,
                        (unsigned long long)top[i]->sites[k].n);
                first = 0;
            }
            fprintf(o, "]}");
        }
        fprintf(o, "], ");
        if (g_prof)
            write_profile(o, 1);
        fprintf(o, "\"host_seconds\": %.6f, \"events_per_host_second\": %.0f}\n", host, eps);
    } else {
        fprintf(o, "atomicc-sim report\n");
        fprintf(o, "  vcpus                   %d\n", g_ncpu);
        fprintf(o, "  seed                    %llu\n", sim_k.seed);
        fprintf(o, "  threads                 %d\n", g_nfibers);
        fprintf(o, "  simulated cycles        %lld\n", (long long)cycles);
        fprintf(o, "  simulated seconds       %.9f (at %.3g GHz)\n", secs, sim_k.ghz);
        fprintf(o, "  atomic blocks           global %llu, pervar %llu, stm %llu, atomic-op %llu\n",
                (unsigned long long)g_commits[0], (unsigned long long)g_commits[1],
                (unsigned long long)g_commits[2], (unsigned long long)g_commits[3]);
        fprintf(o, "  blocks per sim second   %.1f\n", bps);
        fprintf(o, "  lock wait cycles        %llu (mutexes %llu, runtime locks %llu)\n",
                (unsigned long long)(g_mutex_wait + g_rt_wait), (unsigned long long)g_mutex_wait,
                (unsigned long long)g_rt_wait);
        fprintf(o, "  contended acquisitions  %llu (mutexes %llu, runtime locks %llu)\n",
                (unsigned long long)(g_mutex_contended + g_rt_contended),
                (unsigned long long)g_mutex_contended, (unsigned long long)g_rt_contended);
        fprintf(o, "  stm commits / aborts    %llu / %llu\n", (unsigned long long)g_commits[2],
                (unsigned long long)g_aborts[2]);
        fprintf(o, "  events                  %llu\n", (unsigned long long)g_events);
        fprintf(o, "  context switches        %llu (preemptions %llu)\n", (unsigned long long)g_switches,
                (unsigned long long)g_preempts);
        fprintf(o, "  trace hash              %016llx\n", (unsigned long long)g_hash);
        fprintf(o, "  hottest lines (cycles queued for the line)%s\n", ntop ? "" : ": none");
        for (size_t i = 0; i < ntop; i++) {
            char name[256];
            line_name(top[i], name, sizeof name);
            fprintf(o, "    %zu. %s: %llu cycles queued in %llu waits, %llu transfers\n", i + 1, name,
                    (unsigned long long)top[i]->queued, (unsigned long long)top[i]->queued_n,
                    (unsigned long long)top[i]->transfers);
            qsort(top[i]->sites, 6, sizeof top[i]->sites[0], site_cmp);
            for (int k = 0; k < 6; k++) {
                if (!top[i]->sites[k].site)
                    continue;
                char sn[256];
                sim_symbolize((uintptr_t)top[i]->sites[k].site, sn, sizeof sn);
                fprintf(o, "         %-40s %llu cycles, %llu waits\n", sn[0] ? sn : "?",
                        (unsigned long long)top[i]->sites[k].cycles, (unsigned long long)top[i]->sites[k].n);
            }
            if (top[i]->other)
                fprintf(o, "         %-40s %llu cycles\n", "(other sites)", (unsigned long long)top[i]->other);
        }
        if (g_prof)
            write_profile(o, 0);
        fprintf(o, "  host seconds            %.3f\n", host);
        fprintf(o, "  events per host second  %.3g\n", eps);
    }
    free(top);
}

static void report(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    const char *where = getenv("ATOMICC_SIM_REPORT");
    const char *fmt = getenv("ATOMICC_SIM_REPORT_FORMAT");
    int json = fmt && strcmp(fmt, "json") == 0;
    if (where && strcmp(where, "none") == 0)
        return;
    if (!where || !*where || strcmp(where, "stderr") == 0) {
        write_report(stderr, json);
        fflush(stderr);
        return;
    }
    FILE *o = fopen(where, "w");
    if (!o) {
        fprintf(stderr, "atomicc-sim: cannot write the report to %s\n", where);
        return;
    }
    write_report(o, json);
    fclose(o);
}

/* ------------------------------------------------------------------ deadlock */

int sim_describe_wait(struct sim_fiber *f, char *buf, size_t n); /* sim_pthread.c */

static void deadlock(void)
{
    sim_exiting = 1;
    g_limit = INT64_MAX;
    fprintf(stderr, "atomicc-sim: deadlock: every thread is blocked (seed %s; replay with ATOMICC_SIM_SEED=%s)\n",
            g_seed_str, g_seed_str);
    for (int i = 0; i < g_nfibers; i++) {
        struct sim_fiber *f = g_fibers[i];
        if (!f || f->state != F_BLOCKED)
            continue;
        char what[512], fn[200] = "";
        sim_describe_wait(f, what, sizeof what);
        if (f == &g_f0)
            snprintf(fn, sizeof fn, "main");
        else
            sim_symbolize((uintptr_t)(f->cfn ? (void *)(uintptr_t)f->cfn : (void *)(uintptr_t)f->fn), fn, sizeof fn);
        char *plus = strchr(fn, '+');
        if (plus && strcmp(plus, "+0") == 0)
            *plus = 0;
        fprintf(stderr, "  thread %d (%s) at cycle %lld waits for %s\n", f->id, fn[0] ? fn : "?",
                (long long)f->block_clock, what);
    }
    fflush(NULL);
    report();
    fflush(NULL);
    _exit(86);
}

/* ------------------------------------------------------------------ start-up */

HID void sim_init(void)
{
    if (sim_started)
        return;
    sim_started = 1;
    read_knobs();
    g_rng = sim_k.seed * 0x2545F4914F6CDD1Dull + 0x1234567ull;
    fmt_u64(g_seed_str, sim_k.seed);
    g_window = sim_k.seed ? (int)sim_k.pct_window : 0;
    g_ncpu = (int)sim_k.cpus;
    g_share_words = (g_ncpu + 63) / 64;
    g_ways = (int)(sim_k.l1_lines / SIM_L1_SETS);
    g_c_l1 = sim_k.l1;
    g_c_st = sim_k.store;
    g_c_l1rmw = sim_k.l1 + sim_k.rmw;
    g_c_work = (int64_t)(sim_k.work * 256.0 + 0.5); /* in 1/256 cycles */
    g_cpus = calloc((size_t)g_ncpu, sizeof *g_cpus);
    g_heap = calloc((size_t)g_ncpu + 1, sizeof *g_heap);
    if (!g_cpus || !g_heap)
        sim_fatal("out of memory (vCPUs)");
    for (int i = 0; i < g_ncpu; i++) {
        g_cpus[i].id = i;
        g_cpus[i].tags = calloc((size_t)g_ways * SIM_L1_SETS, sizeof(uintptr_t));
        if (!g_cpus[i].tags)
            sim_fatal("out of memory (L1 tags)");
        g_free_cpus[i >> 6] |= 1ull << (i & 63);
    }
    if (sim_k.seed) {
        g_ncps = (int)sim_k.pct_depth;
        for (int i = 0; i < g_ncps; i++)
            g_cps[i] = sim_k.pct_span > 0 ? (int64_t)(rng_next() % (uint64_t)sim_k.pct_span) : 0;
        for (int i = 1; i < g_ncps; i++) /* sort */
            for (int j = i; j > 0 && g_cps[j] < g_cps[j - 1]; j--) {
                int64_t t = g_cps[j];
                g_cps[j] = g_cps[j - 1];
                g_cps[j - 1] = t;
            }
        g_next_cp = g_ncps ? g_cps[0] : INT64_MAX;
    }
    dl_iterate_phdr(tls_cb, NULL);
    /* fiber 0: main, and whatever ran before it */
    struct sim_fiber *f = &g_f0;
    fiber_register(f);
    struct sim_cpu *c = &g_cpus[0];
    g_free_cpus[0] &= ~1ull;
    c->cur = f;
    f->cpu = c;
    f->last_cpu = 0;
    f->l1 = c->tags;
    f->state = F_RUNNING;
    f->slice_end = sim_k.quantum;
    sim_cur = f;
    g_host_start = host_now();
    compute_limit(f);
}

static int g_argc;
static char **g_argv, **g_envp;
static struct sim_ctx g_host_ctx;
extern int __real_main(int, char **, char **);

static void main_fiber(struct sim_fiber *f)
{
    (void)f;
    exit(__real_main(g_argc, g_argv, g_envp));
}

/* Address-space layout randomisation moves globals, the heap and library
 * mappings by whole pages between runs, and anything that hashes addresses
 * (pervar's stripes, STM's lock table, a user's pointer-keyed hash table)
 * then behaves differently: a run would not replay.  So a sim program
 * re-executes itself once with randomisation off (as gdb runs programs);
 * ATOMICC_SIM_ASLR=1 keeps it, and where the personality call is refused
 * (some sandboxes) the run goes on with it. */
static void no_aslr(char **argv)
{
    const char *keep = getenv("ATOMICC_SIM_ASLR");
    if (keep && strcmp(keep, "1") == 0)
        return;
    int p = personality(0xffffffff);
    if (p == -1 || (p & ADDR_NO_RANDOMIZE))
        return;
    if (personality((unsigned long)p | ADDR_NO_RANDOMIZE) == -1)
        return;
    execv("/proc/self/exe", argv);
    personality((unsigned long)p); /* exec failed: run as we are */
}

int __wrap_main(int argc, char **argv, char **envp)
{
    no_aslr(argv);
    sim_init();
    g_argc = argc;
    g_argv = argv;
    g_envp = envp;
    install_signals();
    atexit(report);
    struct sim_fiber *f = &g_f0;
    void *base;
    void *top = stack_alloc((size_t)sim_k.main_stack, &base);
    if (!top)
        sim_fatal("cannot allocate the main thread's stack");
    f->stack = base;
    f->stack_size = (size_t)((char *)top - (char *)base) - 4096;
    ctx_init(&f->ctx, top, main_fiber, f);
    sim_swap(&g_host_ctx, &f->ctx); /* never comes back: main_fiber calls exit */
    abort();
}

/* exit() from any fiber: no more scheduling (atexit handlers and the report
 * run on the calling fiber; the others stay suspended). */
void exit(int status)
{
    sim_exiting = 1;
    g_limit = INT64_MAX;
    if (sim_cur && sim_cur->clock > g_max_clock)
        g_max_clock = sim_cur->clock;
    void (*real_exit)(int) = (void (*)(int))dlsym(RTLD_NEXT, "exit");
    if (!real_exit)
        _exit(status);
    real_exit(status);
    _exit(status);
}

/* For sim_pthread.c */
HID struct sim_fiber *sim_main_fiber(void)
{
    return &g_f0;
}
