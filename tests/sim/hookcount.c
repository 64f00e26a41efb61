/* A stand-in for the simulator that only counts hook calls per address, so
 * tests can check exactly which accesses the instrumentation reports. */
#include <stdio.h>

#define N 64
static struct { const volatile void *p; unsigned long r, w, rmw; } seen[N];
static unsigned long work_total, other;

static void note(const volatile void *p, int kind)
{
    for (int i = 0; i < N; i++) {
        if (seen[i].p == p || seen[i].p == 0) {
            seen[i].p = p;
            if (kind == 0) seen[i].r++; else if (kind == 1) seen[i].w++; else seen[i].rmw++;
            return;
        }
    }
    other++;
}

void *atomicc__sim_r(const volatile void *p, unsigned long n) { (void)n; note(p, 0); return (void *)p; }
void *atomicc__sim_w(const volatile void *p, unsigned long n) { (void)n; note(p, 1); return (void *)p; }
void *atomicc__sim_rmw(const volatile void *p, unsigned long n) { (void)n; note(p, 2); return (void *)p; }
void atomicc__sim_work(unsigned long n) { work_total += n; }
unsigned long hook_work(void) { return work_total; }

unsigned long hook_count(const volatile void *p, int kind)
{
    for (int i = 0; i < N; i++)
        if (seen[i].p == p)
            return kind == 'r' ? seen[i].r : kind == 'w' ? seen[i].w : seen[i].rmw;
    return 0;
}
