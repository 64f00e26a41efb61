/* (2) recursion: enter inside enter; the inner leave must not release the
 * lock, only the outermost one does.  Also dynamic nesting through calls. */
#include "atomicc_rt.h"
#include "test_common.h"

static int shared;      /* protected by the global lock */
static int prober_in;   /* set (atomically) once the prober got the lock */

static void *prober(void *arg)
{
    (void)arg;
    {
        atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) =
            atomicc_global_enter();
    __atomicc_restart_1: __attribute__((unused));
        {
            shared += 100;
            __atomic_store_n(&prober_in, 1, __ATOMIC_RELEASE);
        }
    }
    return NULL;
}

static int inner_calls;

/* A function with its own atomic block, called from inside another one. */
static int add_nested(int depth)
{
    {
        atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) =
            atomicc_global_enter();
    __atomicc_restart_1: __attribute__((unused));
        {
            CHECK(__atomicc_g1.depth == (unsigned long)depth + 1);
            inner_calls++;
            shared += 1;
            if (depth < 5)
                return add_nested(depth + 1) + 1;   /* leave by return */
            return 1;
        }
    }
}

int main(void)
{
    pthread_t t;
    {
        atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) =
            atomicc_global_enter();
    __atomicc_restart_1: __attribute__((unused));
        {
            CHECK(__atomicc_g1.depth == 1);
            t = test_spawn(prober, NULL);
            {   /* a second guard in the same thread: dynamic nesting */
                atomicc_guard_t __atomicc_g2 __attribute__((cleanup(atomicc_global_leave))) =
                    atomicc_global_enter();
            __atomicc_restart_2: __attribute__((unused));
                {
                    CHECK(__atomicc_g2.depth == 2);
                    shared = 1;
                }
            }
            /* The inner leave ran: the prober must still be shut out. */
            CHECK(add_nested(1) == 5);
            CHECK(inner_calls == 5);
            test_sleep_ms(100);
            CHECK(__atomic_load_n(&prober_in, __ATOMIC_ACQUIRE) == 0);
            CHECK(shared == 6);
        }
    }
    /* Outermost leave: now the prober gets in. */
    pthread_join(t, NULL);
    CHECK(__atomic_load_n(&prober_in, __ATOMIC_ACQUIRE) == 1);
    {
        atomicc_guard_t __atomicc_g3 __attribute__((cleanup(atomicc_global_leave))) =
            atomicc_global_enter();
    __atomicc_restart_3: __attribute__((unused));
        {
            CHECK(__atomicc_g3.depth == 1);   /* depth went back to 0 */
            CHECK(shared == 106);
        }
    }
    puts("ok");
    return 0;
}
