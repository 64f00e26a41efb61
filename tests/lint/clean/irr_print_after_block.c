/*
 * irr_print_after_block.c -- Atomic C; near miss of
 * irrevocable-in-atomic/printf_in_block.c; pattern: "collect inside the
 * block, print after it".
 *
 * The block copies what it wants to report into locals; the printf runs
 * after the block has committed, outside it.
 * No finding.
// NEAR-MISS: irrevocable-in-atomic
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

static long from_acct = 1000, to_acct;

static void *mover(void *arg)
{
    long amount = (long)arg;
    for (int i = 0; i < 10; i++) {
        long left;
        atomic {
            from_acct -= amount;
            to_acct += amount;
            left = from_acct;
        }
        printf("moved %ld, %ld left\n", amount, left);
    }
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, mover, (void *)5L);
    pthread_create(&b, NULL, mover, (void *)7L);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%ld %ld\n", from_acct, to_acct);
    return 0;
}
