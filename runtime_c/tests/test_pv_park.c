/* Stress of pervar's parking path on object locks: more threads than CPUs
 * move money between a few accounts (exclusive W locks, taken inline by
 * enter2 and out of line by the general entry) while readers sum them (R
 * locks), and some blocks sleep while they hold their locks, so waiters
 * exhaust their spinning and park.  An exclusive lock is released with a
 * plain store when the runtime has membarrier (the parking waiter pays for
 * the fence): a lost wakeup shows up as a hang (the run.sh timeout), a
 * broken exclusion as a wrong balance, a reader seeing a transfer half done
 * or a second thread inside the same account's block.  The threads start
 * together from a barrier, so none runs its first blocks alone (solo mode
 * takes no lock). */
#include "atomicc_rt.h"
#include "test_common.h"

#include <sched.h>

#define NTHREADS 12
#define NACC 6
#define ITERS (20000 / TEST_SCALE)
#define INIT 1000

static long bank[NACC];
static int inside[NACC]; /* threads in a block that holds the account's W lock */
static pthread_barrier_t start;

static void enter_account(int i)
{
    CHECK(__atomic_fetch_add(&inside[i], 1, __ATOMIC_RELAXED) == 0);
}

static void leave_account(int i)
{
    __atomic_fetch_sub(&inside[i], 1, __ATOMIC_RELAXED);
}

static void transfer(int from, int to, long amount, int sleepy, int general)
{
    atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
    if (general) {
        atomicc_pv_init(&pv);
        atomicc_pv_addr(&pv, (const void *)&bank[from], ATOMICC_W);
        atomicc_pv_addr(&pv, (const void *)&bank[to], ATOMICC_W);
        atomicc_pv_enter(&pv);
    } else {
        atomicc_pv_enter2(&pv, (const void *)&bank[from], ATOMICC_W, (const void *)&bank[to], ATOMICC_W);
    }
    enter_account(from);
    enter_account(to);
    if (bank[from] >= amount) {
        bank[from] -= amount;
        if (sleepy)
            test_sleep_ms(1); /* others park on these two locks */
        bank[to] += amount;
    }
    leave_account(to);
    leave_account(from);
}

static long sum_all(void)
{
    atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
    atomicc_pv_init(&pv);
    for (int i = 0; i < NACC; i++)
        atomicc_pv_addr(&pv, (const void *)&bank[i], ATOMICC_R);
    atomicc_pv_enter(&pv);
    long s = 0;
    for (int i = 0; i < NACC; i++) {
        CHECK(__atomic_load_n(&inside[i], __ATOMIC_RELAXED) == 0);
        s += bank[i];
    }
    return s;
}

static void *worker(void *arg)
{
    unsigned long id = (unsigned long)arg, r = id * 2654435761u + 1;
    pthread_barrier_wait(&start);
    for (int i = 0; i < ITERS; i++) {
        r = r * 6364136223846793005ul + 1442695040888963407ul;
        int from = (int)((r >> 33) % NACC), to = (int)((r >> 41) % (NACC - 1));
        if (to >= from)
            to++;
        if (i % 50 == (int)id)
            CHECK(sum_all() == (long)NACC * INIT);
        else
            transfer(from, to, 1 + (long)((r >> 13) % 300), (i + (int)id * 7) % 1499 == 0, (r >> 7) & 1);
        if (i % 257 == 0)
            sched_yield();
    }
    return NULL;
}

int main(void)
{
    test_bank_fill(bank, NACC, INIT);
    CHECK(pthread_barrier_init(&start, NULL, NTHREADS) == 0);
    pthread_t t[NTHREADS];
    for (unsigned long i = 0; i < NTHREADS; i++)
        t[i] = test_spawn(worker, (void *)i);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    test_bank_check(bank, NACC, INIT);
    puts("ok");
    return 0;
}
