/* STM statistics: atomicc_stm_stats() counts exactly one commit per block
 * run, whichever way the attempts ended.  The runtime does not count commits
 * as they happen: a slot's commits are its attempts (its serial / 2) minus
 * its aborts outside solo mode, plus its solo commits.  Cases: blocks run
 * alone (solo); a solo block that retries (a solo abort, then a normal
 * attempt that retries and sleeps until another thread's block wakes it);
 * threads that conflict on one counter, released together. */
#include "atomicc_rt.h"
#include "atomicc_stm.h"
#include "test_common.h"

#define THREADS 4
#define INCS (20000 / TEST_SCALE) /* per thread */

static long counter;
static int flag;
static pthread_barrier_t gate;

static void add_one(void)
{
    atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
    atomicc_stm_restart_point(__atomicc_tx);
    ATOMICC_TX_UPDATE(__atomicc_tx, &counter, +, 1);
}

static void *setter(void *arg)
{
    (void)arg;
    test_sleep_ms(50); /* main is waiting in its retry by then */
    atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
    atomicc_stm_restart_point(__atomicc_tx);
    ATOMICC_TX_STORE(__atomicc_tx, &flag, 1);
    return NULL;
}

static void *incrementer(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&gate);
    for (long i = 0; i < INCS; i++)
        add_one();
    return NULL;
}

int main(void)
{
    unsigned long commits, aborts;

    for (int i = 0; i < 10; i++)
        add_one();
    atomicc_stm_stats(&commits, &aborts);
    CHECK(commits == 10 && aborts == 0);

    /* main is the only thread with a transaction: its first attempt runs
     * solo, retries (rerun in normal mode), retries again and sleeps */
    pthread_t s = test_spawn(setter, NULL);
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        if (ATOMICC_TX_LOAD(__atomicc_tx, &flag) == 0)
            atomicc_stm_retry(__atomicc_tx);
    }
    pthread_join(s, NULL);
    atomicc_stm_stats(&commits, &aborts);
    CHECK(commits == 12);
    CHECK(aborts >= 1);

    pthread_barrier_init(&gate, NULL, THREADS);
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++)
        t[i] = test_spawn(incrementer, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    CHECK(counter == 10 + (long)THREADS * INCS);
    atomicc_stm_stats(&commits, &aborts);
    CHECK(commits == 12 + (unsigned long)THREADS * INCS);
    printf("ok\n");
    return 0;
}
