/* park.c - sleep until a 32-bit word changes (futex semantics).
 * Linux: the futex system call (private futexes).  Elsewhere: emulated with
 * one process-wide pthread mutex + condition variable. */
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
