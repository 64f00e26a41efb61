/* Regression (Atomic C): va_arg inside an atomic block that can retry, on
 * a va_list that outlives the block (a local one and a `va_list`
 * parameter).  Under global and pervar, `retry` undoes the block's logged
 * stores and runs it again, but va_arg's advance of the list was not
 * logged: the second run summed the words after the arguments.
 * Built with every strategy, the program prints the line below. */
// EXPECT: 24000 0
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

static long slots, total;

static void take_list(int n, va_list ap)
{
    long i, mine = 0;

    atomic {
        for (i = 0; i < n; i++)
            mine += va_arg(ap, long);
        if (slots == 0)
            retry;
        slots--;
        total += mine;
    }
}

static void take_some(int n, ...)
{
    va_list ap;

    va_start(ap, n);
    take_list(n, ap);
    va_end(ap);
}

static void take_all(int n, ...)
{
    va_list ap;
    long i, mine = 0;

    va_start(ap, n);
    atomic {
        for (i = 0; i < n; i++)
            mine += va_arg(ap, long);
        if (slots == 0)
            retry;
        slots--;
        total += mine;
    }
    va_end(ap);
}

static void *consumer(void *arg)
{
    int i;

    for (i = 0; i < 2000; i++) {
        take_all(2, 1L, 2L);
        take_some(2, 1L, 2L);
    }
    return arg;
}

static void *producer(void *arg)
{
    int i;

    for (i = 0; i < 8000; i++) {
        atomic {
            slots++;
        }
    }
    return arg;
}

int main(void)
{
    pthread_t t[3];
    int i;

    pthread_create(&t[0], NULL, consumer, NULL);
    pthread_create(&t[1], NULL, consumer, NULL);
    pthread_create(&t[2], NULL, producer, NULL);
    for (i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    printf("%ld %ld\n", total, slots);
    return 0;
}
