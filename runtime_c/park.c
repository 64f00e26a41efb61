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
