/* (5) leaving a guarded block by fall-through, return, break, continue and
 * goto releases the lock (the cleanup form of the lowering, literally). */
#include "atomicc_rt.h"
#include "test_common.h"

static int shared;
static int probe_done;

static void *probe(void *arg)
{
    (void)arg;
    {
        atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) =
            atomicc_global_enter();
    __atomicc_restart_1: __attribute__((unused));
        {
            shared++;
        }
    }
    __atomic_store_n(&probe_done, 1, __ATOMIC_RELEASE);
    return NULL;
}

/* Another thread can take the lock (waits up to 2 s, then fails loudly). */
static void check_lock_free(const char *what)
{
    __atomic_store_n(&probe_done, 0, __ATOMIC_RELAXED);
    pthread_t t = test_spawn(probe, NULL);
    double deadline = test_now() + 2.0;
    while (!__atomic_load_n(&probe_done, __ATOMIC_ACQUIRE)) {
        if (test_now() > deadline) {
            fprintf(stderr, "lock still held after leaving by %s\n", what);
            exit(1);
        }
        test_sleep_ms(1);
    }
    pthread_join(t, NULL);
    /* and this thread's depth went back to 0 */
    {
        atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) =
            atomicc_global_enter();
    __atomicc_restart_1: __attribute__((unused));
        {
            if (__atomicc_g1.depth != 1) {
                fprintf(stderr, "depth not reset after leaving by %s\n", what);
                exit(1);
            }
        }
    }
}

static int leave_by_return(int v)
{
    {
        atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) =
            atomicc_global_enter();
    __atomicc_restart_1: __attribute__((unused));
        {
            shared += v;
            return shared;
        }
    }
}

static int leave_by_return_nested(int v)
{
    {
        atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) =
            atomicc_global_enter();
    __atomicc_restart_1: __attribute__((unused));
        {
            return leave_by_return(v) + 1; /* inner block also left by return */
        }
    }
}

static int retried;      /* logged: rolled back by the retry */
static int attempts;     /* not logged: counts attempts */

static int leave_by_return_after_retry(void)
{
    {
        atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) =
            atomicc_global_enter();
    __atomicc_restart_1:;
        {
            attempts++;
            CHECK(retried == 0);
            *ATOMICC_LOGW(&(retried)) = 1;
            if (attempts == 1) {
                /* let another thread commit once while we wait */
                pthread_t t = test_spawn(probe, NULL);
                atomicc_global_retry(&__atomicc_g1);
                pthread_join(t, NULL); /* it has committed: joinable */
                goto __atomicc_restart_1;
            }
            *ATOMICC_LOGW(&(retried)) = 2;
            return shared;
        }
    }
}

int main(void)
{
    /* fall-through */
    {
        atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) =
            atomicc_global_enter();
    __atomicc_restart_1: __attribute__((unused));
        {
            shared = 0;
        }
    }
    check_lock_free("fall-through");

    CHECK(shared == 1);   /* the probe's increment */
    CHECK(leave_by_return(5) == 6);
    check_lock_free("return");

    CHECK(leave_by_return_nested(1) == 9);
    check_lock_free("return from nested blocks");

    for (int i = 0; i < 10; i++) {
        atomicc_guard_t __atomicc_g2 __attribute__((cleanup(atomicc_global_leave))) =
            atomicc_global_enter();
    __atomicc_restart_2: __attribute__((unused));
        {
            if (i == 3)
                break;
            shared++;
        }
    }
    check_lock_free("break");

    for (int i = 0; i < 10; i++) {
        atomicc_guard_t __atomicc_g3 __attribute__((cleanup(atomicc_global_leave))) =
            atomicc_global_enter();
    __atomicc_restart_3: __attribute__((unused));
        {
            if (i % 2)
                continue;
            shared++;
        }
    }
    check_lock_free("continue");

    {
        atomicc_guard_t __atomicc_g4 __attribute__((cleanup(atomicc_global_leave))) =
            atomicc_global_enter();
    __atomicc_restart_4: __attribute__((unused));
        {
            shared++;
            if (shared > 0)
                goto out;
            shared = -1000;
        }
    }
out:
    check_lock_free("goto");

    int before = shared;
    int r = leave_by_return_after_retry();
    CHECK(attempts == 2 && retried == 2 && r == before + 1); /* the probe committed once */
    check_lock_free("return after a retry");

    puts("ok");
    return 0;
}
