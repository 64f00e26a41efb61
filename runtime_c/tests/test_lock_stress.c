/* Stress of the lock's parking path: more threads than CPUs, and some
 * critical sections long enough (a sleep inside the block) that waiters
 * exhaust their spinning and park.  A lost wakeup shows up as a hang (the
 * run.sh timeout); a broken mutual exclusion as a wrong count. */
#include "atomicc_rt.h"
#include "test_common.h"

#define NTHREADS 12
#define ITERS (40000 / TEST_SCALE)

static long counter;
static long in_block;   /* must be 0 on entry: mutual exclusion */

static void *worker(void *arg)
{
    long id = (long)arg;
    for (int i = 0; i < ITERS; i++) {
        {
            atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) =
                atomicc_global_enter();
        __atomicc_restart_1: __attribute__((unused));
            {
                CHECK(in_block == 0);
                in_block = 1;
                counter++;
                if ((i + id * 7) % 997 == 0)
                    test_sleep_ms(1);          /* long section: others park */
                else if ((i + id) % 61 == 0)
                    for (volatile int k = 0; k < 2000; k++) /* medium section */
                        ;
                in_block = 0;
            }
        }
        if (i % 251 == 0)
            sched_yield();
    }
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    for (long i = 0; i < NTHREADS; i++)
        t[i] = test_spawn(worker, (void *)i);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    CHECK(counter == (long)NTHREADS * ITERS);
    puts("ok");
    return 0;
}
