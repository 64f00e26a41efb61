/* (atomic-op solo mode) An atomic-op block (ATOMICC_AOP_*, atomicc_rt.h)
 * registers its thread at its first block, like global and pervar blocks,
 * and while that thread is the only one registered it runs the plain
 * statement inside the solo bracket.  Checked here:
 *   1. one thread: every operator (add, sub, and, or, xor, store) gives the
 *      C result, and the solo bracket is closed after each (busy is 0);
 *   2. the thread is registered by its first atomic-op block (count 1);
 *   3. helpers join and leave repeatedly while the first thread keeps
 *      counting: after a start gate they all add to one counter, mixing
 *      solo and locked updates as the registered count goes up and down,
 *      and no update is lost;
 *   4. a thread that only loads (ATOMICC_AOP_LOAD) registers too: the
 *      counter it reads never goes down while this thread, alone until
 *      then, adds to it (under ThreadSanitizer: no race between a solo
 *      plain update and the load);
 *   5. after the other threads exit (count back to 1) solo mode resumes.
 * The blocks are written as the compiler lowers them. */
#include "atomicc_rt.h"
#include "test_common.h"

#define COUNT_MASK (ATOMICC__PV_NO_INLINE_SOLO - 1u)

static unsigned registered(void)
{
    return __atomic_load_n(&atomicc__pv_solo.n, __ATOMIC_SEQ_CST) & COUNT_MASK;
}

static long counter;
static unsigned long bits;
static pthread_barrier_t gate;

#define HELPERS 3
#define ROUNDS (20 / TEST_SCALE)
#define HELPER_ADDS (20000 / TEST_SCALE)

static void *helper(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&gate);
    for (int i = 0; i < HELPER_ADDS; i++) {
        { ATOMICC_AOP_ADD(&(counter), (2)); }
    }
    return NULL;
}

static void *reader(void *arg)
{
    long last = 0;
    (void)arg;
    pthread_barrier_wait(&gate);
    for (int i = 0; i < HELPER_ADDS; i++) {
        long v;
        { v = ATOMICC_AOP_LOAD(&(counter)); }
        CHECK(v >= last);
        last = v;
    }
    return NULL;
}

int main(void)
{
    /* 1, 2: alone */
    CHECK(registered() == 0);
    { ATOMICC_AOP_ADD(&(counter), (5)); }
    CHECK(registered() == 1);
    CHECK(__atomic_load_n(&atomicc__pv_solo.busy, __ATOMIC_SEQ_CST) == 0);
    { ATOMICC_AOP_SUB(&(counter), (2)); }
    { ATOMICC_AOP_STORE(&(bits), (0xf0u)); }
    { ATOMICC_AOP_OR(&(bits), (0x0fu)); }
    { ATOMICC_AOP_AND(&(bits), (0x3cu)); }
    { ATOMICC_AOP_XOR(&(bits), (0x05u)); }
    CHECK(counter == 3 && bits == 0x39u);
    counter = 0;

    /* 3: helpers come and go while this thread keeps adding */
    long mine = 0;
    for (int r = 0; r < ROUNDS; r++) {
        pthread_t th[HELPERS];
        pthread_barrier_init(&gate, NULL, HELPERS + 1);
        for (int i = 0; i < HELPERS; i++)
            CHECK(pthread_create(&th[i], NULL, helper, NULL) == 0);
        pthread_barrier_wait(&gate);
        for (int i = 0; i < HELPER_ADDS; i++) {
            { ATOMICC_AOP_ADD(&(counter), (1)); }
            mine++;
        }
        for (int i = 0; i < HELPERS; i++)
            CHECK(pthread_join(th[i], NULL) == 0);
        pthread_barrier_destroy(&gate);
        CHECK(__atomic_load_n(&counter, __ATOMIC_SEQ_CST) == mine + 2L * HELPER_ADDS * HELPERS * (r + 1));
    }

    /* 4: a reader joins while this thread counts alone */
    {
        pthread_t th;
        pthread_barrier_init(&gate, NULL, 2);
        CHECK(pthread_create(&th, NULL, reader, NULL) == 0);
        for (int i = 0; i < HELPER_ADDS; i++) {
            { ATOMICC_AOP_ADD(&(counter), (1)); }
            if (i == HELPER_ADDS / 4)
                pthread_barrier_wait(&gate);
        }
        CHECK(pthread_join(th, NULL) == 0);
        pthread_barrier_destroy(&gate);
    }

    /* 5: alone again (a thread deregisters when it exits) */
    for (int spins = 0; registered() != 1 && spins < 1000; spins++)
        test_sleep_ms(1);
    CHECK(registered() == 1);
    long before = counter;
    { ATOMICC_AOP_ADD(&(counter), (1)); }
    CHECK(counter == before + 1);
    printf("ok\n");
    return 0;
}
