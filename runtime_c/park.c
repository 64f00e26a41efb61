/* park.c - sleep until a 32-bit word changes (futex semantics), and the
 * watchdog (ATOMICC_WATCHDOG, see atomicc_internal.h).
 * Linux: the futex system call (private futexes).  Elsewhere: emulated with
 * one process-wide pthread mutex + condition variable. */
#define _GNU_SOURCE 1
#include "atomicc_internal.h"

#if defined(ATOMICC_SIM)

/* --target=sim: every thread is a fiber of the simulator (runtime_c/sim/),
 * which parks fibers on the word's address (same semantics). */
void atomicc__park(unsigned *word, unsigned expected)
{
    atomicc__sim_park(word, expected, -1);
}

void atomicc__park_timed(unsigned *word, unsigned expected, long ns)
{
    atomicc__sim_park(word, expected, ns < 0 ? 0 : ns);
}

void atomicc__unpark(unsigned *word, int n)
{
    atomicc__sim_unpark(word, n);
}

#elif defined(__linux__)

#include <limits.h>
#include <linux/futex.h>
#include <time.h>
#include <sys/syscall.h>
#include <unistd.h>

void atomicc__park(unsigned *word, unsigned expected)
{
    /* Returns at once (EAGAIN) if *word != expected; EINTR and spurious
     * returns are fine: every caller re-checks in a loop. */
    syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, expected, NULL, NULL, 0);
}

void atomicc__park_timed(unsigned *word, unsigned expected, long ns)
{
    struct timespec ts = { ns / 1000000000L, ns % 1000000000L };
    syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, expected, &ts, NULL, 0);
}

void atomicc__unpark(unsigned *word, int n)
{
    syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, n < 0 ? INT_MAX : n, NULL, NULL, 0);
}

#else /* portable fallback */

#include <pthread.h>
#include <time.h>

static pthread_mutex_t park_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t park_cond = PTHREAD_COND_INITIALIZER;

void atomicc__park(unsigned *word, unsigned expected)
{
    pthread_mutex_lock(&park_mutex);
    /* A waker changes *word before taking park_mutex to broadcast, so a
     * change after this check finds us already inside pthread_cond_wait. */
    if (__atomic_load_n(word, __ATOMIC_ACQUIRE) == expected)
        pthread_cond_wait(&park_cond, &park_mutex);
    pthread_mutex_unlock(&park_mutex);
}

void atomicc__park_timed(unsigned *word, unsigned expected, long ns)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += ns / 1000000000L;
    ts.tv_nsec += ns % 1000000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&park_mutex);
    if (__atomic_load_n(word, __ATOMIC_ACQUIRE) == expected)
        pthread_cond_timedwait(&park_cond, &park_mutex, &ts);
    pthread_mutex_unlock(&park_mutex);
}

void atomicc__unpark(unsigned *word, int n)
{
    (void)word;
    (void)n;
    pthread_mutex_lock(&park_mutex);
    pthread_cond_broadcast(&park_cond);
    pthread_mutex_unlock(&park_mutex);
}

#endif

/* ---- the parking side of an asymmetric fence ------------------------------
 * A lock whose release is a plain store (the global lock; pervar's
 * exclusive object locks) pays for the release's store->load order on the
 * rare parking side: before a waiter checks the word a last time and
 * sleeps, it issues membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED), a full
 * barrier on every CPU running one of our threads, so a release either
 * sees the waiter or the waiter sees the free word.  The runtime registered
 * for it (pervar.c, global_init) before any such release could run.
 *
 * What that costs decides whether a waiter issues it.  Where it takes more
 * than ATOMICC_MEMBARRIER_SLOW_NS (in a virtual machine an IPI is a
 * hypervisor exit: 20 us each on the 2-vCPU development VM, and several
 * hundred with 8 threads on its 2 vCPUs, where the sorted-list benchmark
 * under `global` parked 16,000 times per 400k operations at 2 threads and
 * spent a third of its time in membarrier: 0.52x a pthread spinlock), a
 * parking waiter skips it for ATOMICC_MEMBARRIER_RECHECK_MS and sleeps at
 * most 1 ms at a time, as it does where membarrier fails.  Without the fence
 * a release whose plain store is still in its store buffer may miss the
 * waiter that just counted itself in; the next release, or the timeout,
 * wakes it, so that rare race costs latency, never a lost thread.  The
 * first park after that time times membarrier again, so the choice follows
 * the machine.  (Timed with the monotonic clock: the simulator's does not
 * advance in a system call, so there membarrier is always cheap and a run
 * stays deterministic.)  Returns 1 if the fence ran. */
#if defined(__linux__) && !defined(ATOMICC_NO_MEMBARRIER)
#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#if defined(SYS_membarrier)
#define HAVE_MEMBARRIER 1
#endif
#endif

#ifndef ATOMICC_MEMBARRIER_SLOW_NS
#define ATOMICC_MEMBARRIER_SLOW_NS 5000
#endif
#ifndef ATOMICC_MEMBARRIER_RECHECK_MS
#define ATOMICC_MEMBARRIER_RECHECK_MS 100
#endif

#if defined(HAVE_MEMBARRIER)
static long long g_mb_recheck; /* monotonic ns before which parkers skip a slow membarrier; 0: fast */

static long long fence_clock_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}
#endif

int atomicc__park_fence(void)
{
#if defined(HAVE_MEMBARRIER)
    long long t0 = fence_clock_ns();
    long long until = __atomic_load_n(&g_mb_recheck, __ATOMIC_RELAXED);
    if (until != 0 && t0 < until)
        return 0;
    int ok = syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) == 0;
    long long t1 = fence_clock_ns();
    __atomic_store_n(&g_mb_recheck,
                     t1 - t0 > ATOMICC_MEMBARRIER_SLOW_NS ? t1 + ATOMICC_MEMBARRIER_RECHECK_MS * 1000000LL : 0,
                     __ATOMIC_RELAXED);
    return ok;
#else
    return 0;
#endif
}

/* ---- the watchdog ---------------------------------------------------------
 * Every wait of the runtime for another thread (docs/runtime-waits.md)
 * begins with atomicc__wd_begin().  With ATOMICC_WATCHDOG unset that is one
 * load of atomicc__wd_ns (0) and a branch.  Otherwise the wait gets a
 * deadline; a parked waiter sleeps with a timeout that ends there, a polling
 * one checks the clock between its timed sleeps, and the first to see the
 * deadline passed prints one line (deadline 0 then: once per wait). */
#if !defined(ATOMICC_SIM)

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__linux__)
#include <sys/syscall.h>
#include <unistd.h>
#else
#include <pthread.h>
#endif

long long atomicc__wd_ns = -1;

static long long mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Reads ATOMICC_WATCHDOG once (the first caller wins; every caller gets the
 * same value).  A value that is not a number of seconds >= 0 turns the
 * watchdog off, with a warning. */
static long long wd_limit(void)
{
    long long v = __atomic_load_n(&atomicc__wd_ns, __ATOMIC_ACQUIRE);
    if (v >= 0)
        return v;
    long long want = 0;
    const char *e = getenv("ATOMICC_WATCHDOG");
    if (e && *e) {
        char *end;
        errno = 0;
        double sec = strtod(e, &end);
        while (*end == ' ' || *end == '\t')
            end++;
        if (end == e || *end || errno || !(sec >= 0) || sec > 1e6) {
            fprintf(stderr, "atomicc: ATOMICC_WATCHDOG='%s' is not a number of seconds (0 to 1000000); "
                            "the watchdog is off\n", e);
        } else {
            want = (long long)(sec * 1e9);
            if (sec > 0 && want == 0)
                want = 1;
        }
    }
    if (__atomic_compare_exchange_n(&atomicc__wd_ns, &v, want, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        v = want;
    return v;
}

static __attribute__((constructor(101))) void wd_env_init(void)
{
    (void)wd_limit();
}

void atomicc__wd_start(struct atomicc__wd *w, const char *where, const char *strategy, const char *what)
{
    long long lim = wd_limit();
    if (lim == 0)
        return;
    w->start = mono_ns();
    w->deadline = w->start + lim;
    w->where = where;
    w->strategy = strategy;
    w->what = what;
    w->count = 0;
    w->leaving = 0;
}

static void wd_report(struct atomicc__wd *w, long long now)
{
    char msg[512], extra[64] = "";
    long tid;
#if defined(__linux__)
    tid = (long)syscall(SYS_gettid);
#else
    tid = (long)(unsigned long)pthread_self();
#endif
    if (w->count)
        snprintf(extra, sizeof extra, "; %lu aborts so far", w->count);
    snprintf(msg, sizeof msg,
             "atomicc: watchdog: thread %ld has waited %.1f s to %s the atomic block at %s (%s, waits for: %s%s)\n",
             tid, (double)(now - w->start) * 1e-9, w->leaving ? "leave" : "enter",
             w->where ? w->where : "an unknown location", w->strategy, w->what, extra);
    fputs(msg, stderr);
    fflush(stderr);
    w->deadline = 0; /* once per wait */
}

void atomicc__wd_check(struct atomicc__wd *w)
{
    long long now = mono_ns();
    if (now >= w->deadline)
        wd_report(w, now);
}

void atomicc__wd_park_slow(struct atomicc__wd *w, unsigned *word, unsigned expected)
{
    long long now = mono_ns();
    if (now >= w->deadline) {
        wd_report(w, now);
        atomicc__park(word, expected);
        return;
    }
    atomicc__park_timed(word, expected, (long)(w->deadline - now));
    /* the caller re-checks its condition and comes back here: a timeout
     * is reported on the next call */
}

#endif /* !ATOMICC_SIM */
