/* Regression (Atomic C): va_arg inside an atomic block on a va_list that
 * outlives the block, a local one and a `va_list` parameter.  Under stm a
 * conflict restarts the block, and va_arg had already advanced the list:
 * the restart summed the following (garbage) words instead.
 * Built with every strategy, the program prints the line below. */
// EXPECT: 2880000 160000
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

static long total, calls;

static void add_list(int n, va_list ap)
{
    int i;

    atomic {
        for (i = 0; i < n; i++)
            total += va_arg(ap, long);
        calls++;
    }
}

static void add_all(int n, ...)
{
    va_list ap;
    int i;

    va_start(ap, n);
    atomic {
        for (i = 0; i < n; i++)
            total += va_arg(ap, long);
        calls++;
    }
    va_end(ap);
}

static void add_some(int n, ...)
{
    va_list ap;

    va_start(ap, n);
    add_list(n, ap);
    va_end(ap);
}

static void *worker(void *arg)
{
    int i;

    for (i = 0; i < 20000; i++) {
        add_all(3, 1L, 2L, 3L);
        add_some(2, 10L, 20L);
    }
    return arg;
}

int main(void)
{
    pthread_t t[4];
    int i;

    for (i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("%ld %ld\n", total, calls);
    return 0;
}
