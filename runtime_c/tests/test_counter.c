/* (1) N threads x M increments of a shared counter under enter/leave. */
#include "atomicc_rt.h"
#include "test_common.h"

#define NTHREADS 8
#define M (200000 / TEST_SCALE)

static long counter;
static long counter2[4];

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < M; i++) {
        /* exactly the lowering of: atomic { counter++; counter2[i & 3] += 2; } */
        {
            atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) =
                atomicc_global_enter();
        __atomicc_restart_1: __attribute__((unused));
            {
                counter++;
                counter2[i & 3] += 2;
            }
        }
    }
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    for (int i = 0; i < NTHREADS; i++)
        t[i] = test_spawn(worker, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    CHECK(counter == (long)NTHREADS * M);
    CHECK(counter2[0] + counter2[1] + counter2[2] + counter2[3] == 2L * NTHREADS * M);
    CHECK(atomicc_runtime_version() != NULL && atomicc_runtime_version()[0] != '\0');
    puts("ok");
    return 0;
}
