/*
 * printf_in_block.c -- Atomic C; pattern: "I/O inside an atomic block".
 *
 * The transfer block prints a trace line with printf while it is still
 * inside the block: the output cannot be rolled back or re-executed
 * safely: irrevocable-in-atomic#1 at the printf call.  The final printf in
 * main is outside any block: not a finding.  All shared data is accessed
 * inside blocks (or after the joins).
 */
#include <pthread.h>
#include <stdio.h>

static long from_acct = 1000, to_acct;

static void *mover(void *arg)
{
    long amount = (long)arg;
    for (int i = 0; i < 10; i++) {
        atomic {
            from_acct -= amount;
            to_acct += amount;
            printf("moved %ld\n", amount); // LINT: irrevocable-in-atomic#1
        }
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
