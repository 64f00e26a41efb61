/* Simulator speed: simulated events (hook calls) per host second.
 * 1 thread: loads and stores that hit the L1 (the hooks' fast path).
 * 64 threads on 64 vCPUs: each works on its own lines, so every hook
 * interleaves with the others by simulated time (a fiber switch at nearly
 * every event); then the same with 10 instructions of private work between
 * accesses.  Prints the numbers; asserts nothing about them.
 * Run with ATOMICC_SIM_CPUS=64. */
#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "sim_test.h"

static double host_now(void)
{
    struct timespec ts;
    syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts); /* clock_gettime() is simulated time */
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#define NT 64
static struct {
    long v[8];
} __attribute__((aligned(64))) slots[NT];
static long iters;
static int with_work;

static void *worker(void *arg)
{
    long *p = ((typeof(slots[0]) *)arg)->v;
    for (long i = 0; i < iters; i++) {
        ST(p[i & 7], LD(p[(i + 1) & 7]) + 1);
        if (with_work)
            atomicc__sim_work(10);
    }
    return NULL;
}

static void run_threads(int n, long it, int work, const char *what)
{
    pthread_t t[NT];
    iters = it;
    with_work = work;
    double t0 = host_now();
    for (int i = 0; i < n; i++)
        CHECK(pthread_create(&t[i], NULL, worker, &slots[i]) == 0);
    for (int i = 0; i < n; i++)
        CHECK(pthread_join(t[i], NULL) == 0);
    double dt = host_now() - t0;
    double ev = (double)n * (double)it * (work ? 3 : 2);
    printf("%-44s %8.1f M events/host s (%.0f events in %.3f s)\n", what, ev / dt / 1e6, ev, dt);
}

int main(int argc, char **argv)
{
    long scale = argc > 1 ? atol(argv[1]) : 1;
    /* 1 thread, L1 hits */
    static struct {
        long v[8];
    } __attribute__((aligned(64))) mine;
    long n1 = 25000000 * scale;
    double t0 = host_now();
    for (long i = 0; i < n1; i++)
        ST(mine.v[i & 7], LD(mine.v[(i + 3) & 7]) + 1);
    double dt = host_now() - t0;
    printf("%-44s %8.1f M events/host s (%.0f events in %.3f s)\n", "1 thread, L1 hits", 2.0 * n1 / dt / 1e6,
           2.0 * n1, dt);
    int cpus = atomicc__sim_cpus();
    char what[80];
    snprintf(what, sizeof what, "%d threads on %d vCPUs, private lines", NT, cpus);
    run_threads(NT, 100000 * scale, 0, what);
    snprintf(what, sizeof what, "%d threads on %d vCPUs, + 10 instr. of work", NT, cpus);
    run_threads(NT, 100000 * scale, 1, what);
    puts("ok");
    return 0;
}
