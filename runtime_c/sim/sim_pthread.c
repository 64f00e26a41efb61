/* sim_pthread.c - the thread API of a sim build: strong definitions of the
 * POSIX threads, semaphore, C11 threads, sleep and clock functions that
 * override libc's (the program is linked dynamically with -rdynamic, so both
 * the program's and shared libraries' calls land here).  Every thread is a
 * fiber of sim.c; every sync operation touches its object's cache line
 * through the cost model (a lock is a locked RMW); a blocked fiber is parked
 * on a FIFO wait queue keyed by the object's address; lock waiters are served
 * in order (the lock is handed to the first waiter).
 *
 * Each object's state lives inside the user's object (a zeroed object is a
 * valid initial state, as with the static initializers), overlaid on glibc's
 * layout where a static initializer has to be understood (the mutex kind). */
#define _GNU_SOURCE
#include "sim_internal.h"
#include "atomicc_sim.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <threads.h>
#include <time.h>
#include <unistd.h>

#define HID __attribute__((visibility("hidden")))
#define SITE __builtin_return_address(0)

/* CLOCK_REALTIME of a sim run: this epoch plus the simulated time. */
#define SIM_EPOCH_S 1704067200LL /* 2024-01-01T00:00:00Z */
#define TIME_CALL_COST 40

/* ------------------------------------------------------------------ objects */

struct smtx { /* overlays pthread_mutex_t (glibc: __lock, __count, __owner, __nusers, __kind) */
    int lock;
    unsigned count;
    int owner; /* fiber id + 1, 0: free */
    unsigned nwait;
    int kind; /* glibc's __kind: PTHREAD_MUTEX_RECURSIVE_NP's initializer sets 1 here */
};
struct scond {
    unsigned seq;
    unsigned nwait;
    int clock;
};
struct srw {
    int readers;
    int writer; /* fiber id + 1 */
    unsigned nwait;
};
struct sbar {
    unsigned count;
    unsigned arrived;
    unsigned gen;
};
struct ssem {
    unsigned value;
    unsigned nwait;
};
_Static_assert(sizeof(struct smtx) <= sizeof(pthread_mutex_t), "mutex overlay");
_Static_assert(offsetof(struct smtx, kind) == 16, "mutex kind offset (glibc __kind)");
_Static_assert(sizeof(struct scond) <= sizeof(pthread_cond_t), "cond overlay");
_Static_assert(sizeof(struct srw) <= sizeof(pthread_rwlock_t), "rwlock overlay");
_Static_assert(sizeof(struct sbar) <= sizeof(pthread_barrier_t), "barrier overlay");
_Static_assert(sizeof(struct ssem) <= sizeof(sem_t), "sem overlay");
_Static_assert(sizeof(mtx_t) >= sizeof(struct smtx) && sizeof(cnd_t) >= sizeof(struct scond), "C11 overlays");

static inline int me(void)
{
    return sim_cur->id + 1;
}

/* ------------------------------------------------------------------ time */

static int64_t ts_ns(const struct timespec *ts)
{
    return (int64_t)ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

static int64_t now_ns(void)
{
    return sim_cycles_to_ns(sim_cur->clock);
}

/* An absolute time of clock clk as a simulated cycle count. */
static int64_t abs_deadline(clockid_t clk, const struct timespec *ts)
{
    int64_t ns = ts_ns(ts);
    if (clk == CLOCK_REALTIME || clk == CLOCK_REALTIME_COARSE || clk == CLOCK_TAI)
        ns -= SIM_EPOCH_S * 1000000000LL;
    if (ns < 0)
        ns = 0;
    return sim_ns_to_cycles(ns);
}

static int bad_ts(const struct timespec *ts)
{
    return !ts || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000L;
}

int clock_gettime(clockid_t clk, struct timespec *ts)
{
    if (!sim_started)
        sim_init();
    sim_charge(EV_TIME, TIME_CALL_COST);
    int64_t ns = now_ns();
    switch (clk) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
    case CLOCK_TAI:
        ns += SIM_EPOCH_S * 1000000000LL;
        break;
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
    case CLOCK_PROCESS_CPUTIME_ID:
    case CLOCK_THREAD_CPUTIME_ID:
        break;
    default:
        return errno = EINVAL, -1;
    }
    ts->tv_sec = ns / 1000000000LL;
    ts->tv_nsec = ns % 1000000000LL;
    return 0;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
    (void)tz;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    tv->tv_sec = ts.tv_sec;
    tv->tv_usec = ts.tv_nsec / 1000;
    return 0;
}

time_t time(time_t *t)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (t)
        *t = ts.tv_sec;
    return ts.tv_sec;
}

clock_t clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (clock_t)(ts.tv_sec * CLOCKS_PER_SEC + ts.tv_nsec / (1000000000L / CLOCKS_PER_SEC));
}

int timespec_get(struct timespec *ts, int base)
{
    if (base != TIME_UTC)
        return 0;
    clock_gettime(CLOCK_REALTIME, ts);
    return base;
}

/* Sleeps until the simulated cycle `until`. */
static void sleep_until(int64_t until)
{
    if (!sim_started)
        sim_init();
    struct sim_fiber *f = sim_cur;
    if (until <= f->clock) {
        sim_charge(EV_TIME, sim_k.syscall_cost);
        return;
    }
    if (sim_block(W_SLEEP, NULL, until) == 2) /* exiting: just move the clock */
        f->clock = until;
}

int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req, struct timespec *rem)
{
    if (bad_ts(req))
        return EINVAL;
    if (!sim_started)
        sim_init();
    if (flags & TIMER_ABSTIME)
        sleep_until(abs_deadline(clk, req));
    else
        sleep_until(sim_cur->clock + sim_ns_to_cycles(ts_ns(req)));
    if (rem && !(flags & TIMER_ABSTIME))
        rem->tv_sec = rem->tv_nsec = 0;
    return 0;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
    int r = clock_nanosleep(CLOCK_MONOTONIC, 0, req, rem);
    if (r)
        return errno = r, -1;
    return 0;
}

int usleep(useconds_t us)
{
    struct timespec ts = { us / 1000000, (long)(us % 1000000) * 1000 };
    return nanosleep(&ts, NULL);
}

unsigned sleep(unsigned s)
{
    struct timespec ts = { s, 0 };
    nanosleep(&ts, NULL);
    return 0;
}

int sched_yield(void)
{
    if (!sim_started)
        sim_init();
    sim_yield();
    return 0;
}

/* ------------------------------------------------------------------ threads */

static struct sim_fiber *fib(pthread_t t)
{
    return (struct sim_fiber *)(uintptr_t)t;
}

int pthread_create(pthread_t *restrict t, const pthread_attr_t *restrict attr, void *(*fn)(void *),
                   void *restrict arg)
{
    size_t ss = 0;
    int det = PTHREAD_CREATE_JOINABLE;
    if (attr) {
        if (pthread_attr_getstacksize(attr, &ss) != 0)
            ss = 0;
        pthread_attr_getdetachstate(attr, &det);
    }
    struct sim_fiber *f = sim_spawn(fn, arg, ss);
    if (!f)
        return EAGAIN;
    f->detached = det == PTHREAD_CREATE_DETACHED;
    *t = (pthread_t)(uintptr_t)f;
    return 0;
}

static int join(struct sim_fiber *f, void **ret)
{
    struct sim_fiber *cur = sim_cur;
    if (!f)
        return ESRCH;
    if (f == cur)
        return EDEADLK;
    if (f->detached || f->joiner)
        return EINVAL;
    sim_charge(EV_TIME, sim_k.syscall_cost);
    if (f->state != F_DONE) {
        f->joiner = cur;
        if (sim_block(W_JOIN, f, -1) == 2) {
            f->joiner = NULL;
            return EDEADLK;
        }
    }
    if (ret)
        *ret = f->ret;
    sim_free_fiber(f);
    return 0;
}

int pthread_join(pthread_t t, void **ret)
{
    return join(fib(t), ret);
}

int pthread_detach(pthread_t t)
{
    struct sim_fiber *f = fib(t);
    if (!f)
        return ESRCH;
    if (f->detached)
        return EINVAL;
    f->detached = 1;
    if (f->state == F_DONE && !f->joiner)
        sim_free_fiber(f);
    return 0;
}

void pthread_exit(void *ret)
{
    if (!sim_started)
        sim_init();
    sim_fiber_exit(ret);
}

pthread_t pthread_self(void)
{
    return (pthread_t)(uintptr_t)sim_cur;
}

int pthread_equal(pthread_t a, pthread_t b)
{
    return a == b;
}

int pthread_getattr_np(pthread_t t, pthread_attr_t *attr)
{
    struct sim_fiber *f = fib(t);
    if (!f->stack) { /* main before the simulator moved it: the host thread's */
        int (*real)(pthread_t, pthread_attr_t *) =
            (int (*)(pthread_t, pthread_attr_t *))dlsym(RTLD_NEXT, "pthread_getattr_np");
        pthread_t (*real_self)(void) = (pthread_t(*)(void))dlsym(RTLD_NEXT, "pthread_self");
        if (real && real_self)
            return real(real_self(), attr);
        return ENOSYS;
    }
    int r = pthread_attr_init(attr);
    if (r)
        return r;
    return pthread_attr_setstack(attr, (char *)f->stack + 4096, f->stack_size);
}

/* ------------------------------------------------------------------ keys */

static struct {
    int used;
    void (*dtor)(void *);
} g_keys[SIM_KEYS];

int pthread_key_create(pthread_key_t *k, void (*dtor)(void *))
{
    for (unsigned i = 0; i < SIM_KEYS; i++) {
        if (!g_keys[i].used) {
            g_keys[i].used = 1;
            g_keys[i].dtor = dtor;
            *k = i;
            return 0;
        }
    }
    return EAGAIN;
}

int pthread_key_delete(pthread_key_t k)
{
    if (k >= SIM_KEYS || !g_keys[k].used)
        return EINVAL;
    g_keys[k].used = 0;
    g_keys[k].dtor = NULL;
    for (int id = 0, n = sim_fiber_count(); id < n; id++) { /* a reused key starts at NULL */
        struct sim_fiber *f = sim_fiber_by_id(id);
        if (f && f->keys)
            f->keys[k] = NULL;
    }
    return 0;
}

void *pthread_getspecific(pthread_key_t k)
{
    struct sim_fiber *f = sim_cur;
    return (k < SIM_KEYS && f->keys) ? f->keys[k] : NULL;
}

int pthread_setspecific(pthread_key_t k, const void *v)
{
    struct sim_fiber *f = sim_cur;
    if (k >= SIM_KEYS || !g_keys[k].used)
        return EINVAL;
    if (!f->keys) {
        f->keys = calloc(SIM_KEYS, sizeof(void *));
        if (!f->keys)
            return ENOMEM;
    }
    f->keys[k] = (void *)(uintptr_t)v;
    return 0;
}

HID void sim_run_key_destructors(struct sim_fiber *f)
{
    for (int round = 0; round < 4 /* PTHREAD_DESTRUCTOR_ITERATIONS */ && f->keys; round++) {
        int any = 0;
        for (unsigned k = 0; k < SIM_KEYS; k++) {
            void *v = f->keys ? f->keys[k] : NULL;
            if (v && g_keys[k].used && g_keys[k].dtor) {
                f->keys[k] = NULL;
                g_keys[k].dtor(v);
                any = 1;
            }
        }
        if (!any)
            break;
    }
}

/* ------------------------------------------------------------------ mutexes */

static int mutex_lock(void *obj, int64_t deadline, int try, void *site)
{
    struct smtx *s = obj;
    struct sim_fiber *f = sim_access(obj, sizeof(int), EV_RMW, site);
    int kind = s->kind & 3;
    if (s->owner == 0) {
        s->owner = f->id + 1;
        s->lock = 1;
        s->count = 1;
        return 0;
    }
    if (s->owner == f->id + 1) {
        if (kind == PTHREAD_MUTEX_RECURSIVE) {
            if (s->count == ~0u)
                return EAGAIN;
            s->count++;
            return 0;
        }
        if (kind == PTHREAD_MUTEX_ERRORCHECK)
            return try ? EBUSY : EDEADLK;
    }
    if (try)
        return EBUSY;
    if (deadline >= 0 && deadline <= f->clock)
        return ETIMEDOUT;
    int64_t t0 = f->clock;
    s->nwait++;
    sim_wq_push(obj, f);
    int r = sim_block(W_MUTEX, obj, deadline);
    if (r == 2) {
        sim_wq_remove(obj, f);
        s->nwait--;
        return EDEADLK;
    }
    if (r == 1) {
        s->nwait--;
        return ETIMEDOUT;
    }
    /* handed over by the unlocker: owner is already us */
    sim_access(obj, sizeof(int), EV_RMW, site);
    sim_note_contended(0, obj, f->clock - t0);
    return 0;
}

static int mutex_unlock(void *obj, void *site)
{
    struct smtx *s = obj;
    struct sim_fiber *f = sim_access(obj, sizeof(int), EV_RMW, site);
    int kind = s->kind & 3;
    if (s->owner != f->id + 1) {
        if (kind == PTHREAD_MUTEX_RECURSIVE || kind == PTHREAD_MUTEX_ERRORCHECK || s->owner == 0)
            return EPERM;
    }
    if (kind == PTHREAD_MUTEX_RECURSIVE && s->count > 1) {
        s->count--;
        return 0;
    }
    struct sim_fiber *w = sim_wq_pop(obj);
    if (w) {
        s->nwait--;
        s->owner = w->id + 1;
        s->count = 1;
        sim_wake(w);
    } else {
        s->owner = 0;
        s->lock = 0;
        s->count = 0;
    }
    return 0;
}

int pthread_mutex_init(pthread_mutex_t *restrict m, const pthread_mutexattr_t *restrict a)
{
    memset(m, 0, sizeof *m);
    int type = PTHREAD_MUTEX_DEFAULT;
    if (a && pthread_mutexattr_gettype(a, &type) != 0)
        type = PTHREAD_MUTEX_DEFAULT;
    ((struct smtx *)m)->kind = type;
    return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *m)
{
    return ((struct smtx *)m)->owner ? EBUSY : 0;
}

int pthread_mutex_lock(pthread_mutex_t *m)
{
    return mutex_lock(m, -1, 0, SITE);
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
    return mutex_lock(m, -1, 1, SITE);
}

int pthread_mutex_timedlock(pthread_mutex_t *restrict m, const struct timespec *restrict ts)
{
    if (bad_ts(ts))
        return EINVAL;
    return mutex_lock(m, abs_deadline(CLOCK_REALTIME, ts), 0, SITE);
}

int pthread_mutex_clocklock(pthread_mutex_t *restrict m, clockid_t clk, const struct timespec *restrict ts)
{
    if (bad_ts(ts))
        return EINVAL;
    return mutex_lock(m, abs_deadline(clk, ts), 0, SITE);
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
    return mutex_unlock(m, SITE);
}

/* ------------------------------------------------------------------ condition variables */

static int cond_wait(void *c, void *m, int64_t deadline, void *site)
{
    struct scond *s = c;
    struct sim_fiber *f = sim_access(c, sizeof(int), EV_RMW, site);
    if (((struct smtx *)m)->owner != f->id + 1 && (((struct smtx *)m)->kind & 3) == PTHREAD_MUTEX_ERRORCHECK)
        return EPERM;
    if (deadline >= 0 && deadline <= f->clock)
        return ETIMEDOUT;
    s->nwait++;
    s->seq++;
    sim_wq_push(c, f);
    f->wait_aux = m;
    /* a recursive mutex held several times is released completely */
    struct smtx *sm = m;
    unsigned depth = sm->count;
    if ((sm->kind & 3) == PTHREAD_MUTEX_RECURSIVE)
        sm->count = 1;
    mutex_unlock(m, site);
    int r = sim_block(W_COND, c, deadline);
    f->wait_aux = NULL;
    if (r != 0) {
        if (r == 2)
            sim_wq_remove(c, f);
        s->nwait--;
    }
    while (mutex_lock(m, -1, 0, site) == EDEADLK && !sim_exiting)
        ;
    if ((sm->kind & 3) == PTHREAD_MUTEX_RECURSIVE)
        sm->count = depth;
    return r == 1 ? ETIMEDOUT : 0;
}

static int cond_wake(void *c, int all, void *site)
{
    struct scond *s = c;
    sim_access(c, sizeof(int), EV_RMW, site);
    struct sim_fiber *w;
    while ((w = sim_wq_pop(c))) {
        s->nwait--;
        sim_wake(w);
        if (!all)
            break;
    }
    return 0;
}

int pthread_cond_init(pthread_cond_t *restrict c, const pthread_condattr_t *restrict a)
{
    memset(c, 0, sizeof *c);
    clockid_t clk = CLOCK_REALTIME;
    if (a)
        pthread_condattr_getclock(a, &clk);
    ((struct scond *)c)->clock = (int)clk;
    return 0;
}

int pthread_cond_destroy(pthread_cond_t *c)
{
    return sim_wq_empty(c) ? 0 : EBUSY;
}

int pthread_cond_wait(pthread_cond_t *restrict c, pthread_mutex_t *restrict m)
{
    return cond_wait(c, m, -1, SITE);
}

int pthread_cond_timedwait(pthread_cond_t *restrict c, pthread_mutex_t *restrict m,
                           const struct timespec *restrict ts)
{
    if (bad_ts(ts))
        return EINVAL;
    return cond_wait(c, m, abs_deadline(((struct scond *)c)->clock, ts), SITE);
}

int pthread_cond_clockwait(pthread_cond_t *restrict c, pthread_mutex_t *restrict m, clockid_t clk,
                           const struct timespec *restrict ts)
{
    if (bad_ts(ts))
        return EINVAL;
    return cond_wait(c, m, abs_deadline(clk, ts), SITE);
}

int pthread_cond_signal(pthread_cond_t *c)
{
    return cond_wake(c, 0, SITE);
}

int pthread_cond_broadcast(pthread_cond_t *c)
{
    return cond_wake(c, 1, SITE);
}

/* ------------------------------------------------------------------ rwlocks */

static int rw_lock(pthread_rwlock_t *l, int writer, int try, int64_t deadline, void *site)
{
    struct srw *s = (struct srw *)l;
    struct sim_fiber *f = sim_access(l, sizeof(int), EV_RMW, site);
    if (s->writer == f->id + 1)
        return EDEADLK;
    if (writer ? (s->writer == 0 && s->readers == 0) : (s->writer == 0)) {
        if (writer)
            s->writer = f->id + 1;
        else
            s->readers++;
        return 0;
    }
    if (try)
        return EBUSY;
    if (deadline >= 0 && deadline <= f->clock)
        return ETIMEDOUT;
    int64_t t0 = f->clock;
    s->nwait++;
    f->wait_flags = writer;
    sim_wq_push(l, f);
    int r = sim_block(writer ? W_RWLOCK_W : W_RWLOCK_R, l, deadline);
    if (r != 0) {
        if (r == 2)
            sim_wq_remove(l, f);
        s->nwait--;
        return r == 1 ? ETIMEDOUT : EDEADLK;
    }
    sim_access(l, sizeof(int), EV_RMW, site);
    sim_note_contended(0, l, f->clock - t0);
    return 0; /* granted by the unlocker */
}

int pthread_rwlock_init(pthread_rwlock_t *restrict l, const pthread_rwlockattr_t *restrict a)
{
    (void)a;
    memset(l, 0, sizeof *l);
    return 0;
}

int pthread_rwlock_destroy(pthread_rwlock_t *l)
{
    struct srw *s = (struct srw *)l;
    return s->writer || s->readers ? EBUSY : 0;
}

int pthread_rwlock_rdlock(pthread_rwlock_t *l)
{
    return rw_lock(l, 0, 0, -1, SITE);
}

int pthread_rwlock_tryrdlock(pthread_rwlock_t *l)
{
    return rw_lock(l, 0, 1, -1, SITE);
}

int pthread_rwlock_timedrdlock(pthread_rwlock_t *restrict l, const struct timespec *restrict ts)
{
    return bad_ts(ts) ? EINVAL : rw_lock(l, 0, 0, abs_deadline(CLOCK_REALTIME, ts), SITE);
}

int pthread_rwlock_wrlock(pthread_rwlock_t *l)
{
    return rw_lock(l, 1, 0, -1, SITE);
}

int pthread_rwlock_trywrlock(pthread_rwlock_t *l)
{
    return rw_lock(l, 1, 1, -1, SITE);
}

int pthread_rwlock_timedwrlock(pthread_rwlock_t *restrict l, const struct timespec *restrict ts)
{
    return bad_ts(ts) ? EINVAL : rw_lock(l, 1, 0, abs_deadline(CLOCK_REALTIME, ts), SITE);
}

int pthread_rwlock_unlock(pthread_rwlock_t *l)
{
    struct srw *s = (struct srw *)l;
    struct sim_fiber *f = sim_access(l, sizeof(int), EV_RMW, SITE);
    if (s->writer == f->id + 1)
        s->writer = 0;
    else if (s->readers > 0)
        s->readers--;
    else
        return EPERM;
    if (s->writer || s->readers)
        return 0;
    struct sim_fiber *h = sim_wq_head(l);
    if (!h)
        return 0;
    if (h->wait_flags) { /* a writer first in line */
        sim_wq_pop(l);
        s->nwait--;
        s->writer = h->id + 1;
        sim_wake(h);
        return 0;
    }
    /* readers first in line: every queued reader gets in */
    for (;;) {
        struct sim_fiber *r = sim_wq_head(l);
        while (r && r->wait_flags)
            r = r->wait_next;
        if (!r)
            break;
        sim_wq_remove(l, r);
        s->nwait--;
        s->readers++;
        sim_wake(r);
    }
    return 0;
}

/* ------------------------------------------------------------------ spinlocks */

int pthread_spin_init(pthread_spinlock_t *l, int pshared)
{
    (void)pshared;
    *(volatile int *)l = 0;
    return 0;
}

int pthread_spin_destroy(pthread_spinlock_t *l)
{
    (void)l;
    return 0;
}

/* Spins (each round a pause and a load that hits the L1) for up to
 * SPIN_ROUNDS rounds, then parks until the holder unlocks, so a lock held
 * for long (or never released) does not spin the host. */
#define SPIN_ROUNDS 64
int pthread_spin_lock(pthread_spinlock_t *l)
{
    volatile int *w = (volatile int *)l;
    void *site = SITE;
    for (;;) {
        struct sim_fiber *f = sim_access(l, sizeof(int), EV_RMW, site);
        if (*w == 0) {
            *w = f->id + 1;
            return 0;
        }
        if (*w == f->id + 1 && sim_exiting)
            return EDEADLK;
        int rounds = 0;
        for (; rounds < SPIN_ROUNDS; rounds++) {
            atomicc__sim_spin();
            sim_access(l, sizeof(int), EV_R, site);
            if (*w == 0)
                break;
        }
        if (rounds == SPIN_ROUNDS) {
            sim_wq_push((const void *)l, f);
            if (sim_block(W_SPIN, (const void *)l, -1) == 2) {
                sim_wq_remove((const void *)l, f);
                return EDEADLK;
            }
        }
    }
}

int pthread_spin_trylock(pthread_spinlock_t *l)
{
    volatile int *w = (volatile int *)l;
    struct sim_fiber *f = sim_access(l, sizeof(int), EV_RMW, SITE);
    if (*w)
        return EBUSY;
    *w = f->id + 1;
    return 0;
}

int pthread_spin_unlock(pthread_spinlock_t *l)
{
    sim_access(l, sizeof(int), EV_W, SITE);
    *(volatile int *)l = 0;
    struct sim_fiber *w = sim_wq_pop((const void *)l);
    if (w)
        sim_wake(w);
    return 0;
}

/* ------------------------------------------------------------------ barriers */

int pthread_barrier_init(pthread_barrier_t *restrict b, const pthread_barrierattr_t *restrict a, unsigned count)
{
    (void)a;
    if (count == 0)
        return EINVAL;
    memset(b, 0, sizeof *b);
    ((struct sbar *)b)->count = count;
    return 0;
}

int pthread_barrier_destroy(pthread_barrier_t *b)
{
    return ((struct sbar *)b)->arrived ? EBUSY : 0;
}

int pthread_barrier_wait(pthread_barrier_t *b)
{
    struct sbar *s = (struct sbar *)b;
    struct sim_fiber *f = sim_access(b, sizeof(int), EV_RMW, SITE);
    if (++s->arrived >= s->count) {
        s->arrived = 0;
        s->gen++;
        struct sim_fiber *w;
        while ((w = sim_wq_pop(b)))
            sim_wake(w);
        return PTHREAD_BARRIER_SERIAL_THREAD;
    }
    sim_wq_push(b, f);
    if (sim_block(W_BARRIER, b, -1) == 2)
        sim_wq_remove(b, f);
    return 0;
}

/* ------------------------------------------------------------------ once */

static int once(volatile int *o, void (*fn)(void), void *site)
{
    sim_access(o, sizeof(int), EV_R, site);
    if (*o == 2)
        return 0;
    struct sim_fiber *f = sim_access(o, sizeof(int), EV_RMW, site);
    while (*o == 1) { /* another thread runs the initialiser */
        sim_wq_push((const void *)o, f);
        if (sim_block(W_ONCE, (const void *)o, -1) == 2) {
            sim_wq_remove((const void *)o, f);
            return 0;
        }
        f = sim_access(o, sizeof(int), EV_R, site);
    }
    if (*o == 2)
        return 0;
    *o = 1;
    fn();
    sim_access(o, sizeof(int), EV_W, site);
    *o = 2;
    struct sim_fiber *w;
    while ((w = sim_wq_pop((const void *)o)))
        sim_wake(w);
    return 0;
}

int pthread_once(pthread_once_t *o, void (*fn)(void))
{
    return once((volatile int *)o, fn, SITE);
}

/* ------------------------------------------------------------------ semaphores */

static int sem_wait_common(sem_t *sem, int try, int64_t deadline, void *site)
{
    struct ssem *s = (struct ssem *)sem;
    struct sim_fiber *f = sim_access(sem, sizeof(int), EV_RMW, site);
    if (s->value > 0) {
        s->value--;
        return 0;
    }
    if (try)
        return errno = EAGAIN, -1;
    if (deadline >= 0 && deadline <= f->clock)
        return errno = ETIMEDOUT, -1;
    s->nwait++;
    sim_wq_push(sem, f);
    int r = sim_block(W_SEM, sem, deadline);
    if (r != 0) {
        if (r == 2)
            sim_wq_remove(sem, f);
        s->nwait--;
        return errno = r == 1 ? ETIMEDOUT : EINTR, -1;
    }
    sim_access(sem, sizeof(int), EV_RMW, site);
    return 0; /* the poster handed its unit over */
}

int sem_init(sem_t *sem, int pshared, unsigned value)
{
    (void)pshared;
    memset(sem, 0, sizeof *sem);
    ((struct ssem *)sem)->value = value;
    return 0;
}

int sem_destroy(sem_t *sem)
{
    (void)sem;
    return 0;
}

int sem_wait(sem_t *sem)
{
    return sem_wait_common(sem, 0, -1, SITE);
}

int sem_trywait(sem_t *sem)
{
    return sem_wait_common(sem, 1, -1, SITE);
}

int sem_timedwait(sem_t *restrict sem, const struct timespec *restrict ts)
{
    if (bad_ts(ts))
        return errno = EINVAL, -1;
    return sem_wait_common(sem, 0, abs_deadline(CLOCK_REALTIME, ts), SITE);
}

int sem_clockwait(sem_t *restrict sem, clockid_t clk, const struct timespec *restrict ts)
{
    if (bad_ts(ts))
        return errno = EINVAL, -1;
    return sem_wait_common(sem, 0, abs_deadline(clk, ts), SITE);
}

int sem_post(sem_t *sem)
{
    struct ssem *s = (struct ssem *)sem;
    sim_access(sem, sizeof(int), EV_RMW, SITE);
    struct sim_fiber *w = sim_wq_pop(sem);
    if (w) {
        s->nwait--;
        sim_wake(w);
    } else {
        s->value++;
    }
    return 0;
}

int sem_getvalue(sem_t *restrict sem, int *restrict v)
{
    sim_access(sem, sizeof(int), EV_R, SITE);
    *v = (int)((struct ssem *)sem)->value;
    return 0;
}

/* ------------------------------------------------------------------ C11 threads */

int thrd_create(thrd_t *thr, thrd_start_t fn, void *arg)
{
    struct sim_fiber *f = sim_spawn(NULL, arg, 0);
    if (!f)
        return thrd_nomem;
    f->cfn = fn; /* before it first runs: spawning never switches */
    *thr = (thrd_t)(uintptr_t)f;
    return thrd_success;
}

int thrd_join(thrd_t thr, int *res)
{
    void *r = NULL;
    if (join(fib((pthread_t)thr), &r) != 0)
        return thrd_error;
    if (res)
        *res = (int)(intptr_t)r;
    return thrd_success;
}

void thrd_exit(int res)
{
    if (!sim_started)
        sim_init();
    sim_fiber_exit((void *)(intptr_t)res);
}

int thrd_detach(thrd_t thr)
{
    return pthread_detach((pthread_t)thr) == 0 ? thrd_success : thrd_error;
}

thrd_t thrd_current(void)
{
    return (thrd_t)(uintptr_t)sim_cur;
}

int thrd_equal(thrd_t a, thrd_t b)
{
    return a == b;
}

void thrd_yield(void)
{
    sched_yield();
}

int thrd_sleep(const struct timespec *d, struct timespec *rem)
{
    return nanosleep(d, rem) == 0 ? 0 : -2;
}

int mtx_init(mtx_t *m, int type)
{
    memset(m, 0, sizeof *m);
    ((struct smtx *)m)->kind = (type & mtx_recursive) ? PTHREAD_MUTEX_RECURSIVE : PTHREAD_MUTEX_NORMAL;
    return thrd_success;
}

void mtx_destroy(mtx_t *m)
{
    (void)m;
}

static int c11(int r)
{
    return r == 0 ? thrd_success : r == EBUSY ? thrd_busy : r == ETIMEDOUT ? thrd_timedout : thrd_error;
}

int mtx_lock(mtx_t *m)
{
    return c11(mutex_lock(m, -1, 0, SITE));
}

int mtx_trylock(mtx_t *m)
{
    return c11(mutex_lock(m, -1, 1, SITE));
}

int mtx_timedlock(mtx_t *restrict m, const struct timespec *restrict ts)
{
    if (bad_ts(ts))
        return thrd_error;
    return c11(mutex_lock(m, abs_deadline(CLOCK_REALTIME, ts), 0, SITE));
}

int mtx_unlock(mtx_t *m)
{
    return c11(mutex_unlock(m, SITE));
}

int cnd_init(cnd_t *c)
{
    memset(c, 0, sizeof *c);
    return thrd_success;
}

void cnd_destroy(cnd_t *c)
{
    (void)c;
}

int cnd_signal(cnd_t *c)
{
    return c11(cond_wake(c, 0, SITE));
}

int cnd_broadcast(cnd_t *c)
{
    return c11(cond_wake(c, 1, SITE));
}

int cnd_wait(cnd_t *c, mtx_t *m)
{
    return c11(cond_wait(c, m, -1, SITE));
}

int cnd_timedwait(cnd_t *restrict c, mtx_t *restrict m, const struct timespec *restrict ts)
{
    if (bad_ts(ts))
        return thrd_error;
    return c11(cond_wait(c, m, abs_deadline(CLOCK_REALTIME, ts), SITE));
}

void call_once(once_flag *flag, void (*fn)(void))
{
    once((volatile int *)flag, fn, SITE);
}

int tss_create(tss_t *key, tss_dtor_t dtor)
{
    pthread_key_t k;
    if (pthread_key_create(&k, dtor) != 0)
        return thrd_error;
    *key = (tss_t)k;
    return thrd_success;
}

void tss_delete(tss_t key)
{
    pthread_key_delete((pthread_key_t)key);
}

void *tss_get(tss_t key)
{
    return pthread_getspecific((pthread_key_t)key);
}

int tss_set(tss_t key, void *v)
{
    return pthread_setspecific((pthread_key_t)key, v) == 0 ? thrd_success : thrd_error;
}

/* ------------------------------------------------------------------ deadlock report */

static void obj_desc(const void *obj, char *buf, size_t n)
{
    char sym[200];
    sim_symbolize((uintptr_t)obj, sym, sizeof sym);
    if (sym[0])
        snprintf(buf, n, "%p (%s)", obj, sym);
    else
        snprintf(buf, n, "%p", obj);
}

HID int sim_describe_wait(struct sim_fiber *f, char *buf, size_t n)
{
    char o[256], o2[256];
    const void *obj = f->wait_obj;
    obj_desc(obj, o, sizeof o);
    switch (f->wait_kind) {
    case W_SPIN: {
        int owner = *(const int *)obj; /* the word holds the owner */
        if (owner > 0)
            return snprintf(buf, n, "spinlock %s held by thread %d", o, owner - 1);
        return snprintf(buf, n, "spinlock %s", o);
    }
    case W_MUTEX: {
        int owner = ((const struct smtx *)obj)->owner;
        if (owner > 0)
            return snprintf(buf, n, "mutex %s held by thread %d", o, owner - 1);
        return snprintf(buf, n, "mutex %s", o);
    }
    case W_COND:
        obj_desc(f->wait_aux, o2, sizeof o2);
        return snprintf(buf, n, "condition variable %s (mutex %s), which no running thread can signal", o, o2);
    case W_RWLOCK_R:
    case W_RWLOCK_W: {
        const struct srw *s = obj;
        if (s->writer)
            return snprintf(buf, n, "rwlock %s (to %s) write-locked by thread %d", o,
                            f->wait_kind == W_RWLOCK_W ? "write" : "read", s->writer - 1);
        return snprintf(buf, n, "rwlock %s (to write) read-locked by %d readers", o, s->readers);
    }
    case W_SEM:
        return snprintf(buf, n, "semaphore %s (value 0)", o);
    case W_BARRIER:
        return snprintf(buf, n, "barrier %s (%u of %u arrived)", o, ((const struct sbar *)obj)->arrived,
                        ((const struct sbar *)obj)->count);
    case W_JOIN:
        return snprintf(buf, n, "thread %d to end (pthread_join)", ((const struct sim_fiber *)obj)->id);
    case W_ONCE:
        return snprintf(buf, n, "pthread_once %s run by another thread", o);
    case W_PARK:
        return snprintf(buf, n, "futex word %s (the atomicc runtime's park: a lock or retry)", o);
    case W_SLEEP:
        return snprintf(buf, n, "a sleep");
    default:
        return snprintf(buf, n, "something (kind %d) at %s", f->wait_kind, o);
    }
}
