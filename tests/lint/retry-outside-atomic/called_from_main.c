/*
 * called_from_main.c -- Atomic C; pattern: "blocking helper also called
 * outside a block".
 *
 * take() contains a bare `retry;` (wait until the stock is non-empty).
 * The consumer thread calls it inside an atomic block, which is fine, but
 * main also calls take() directly, outside every block, to drain the
 * last item: retry-outside-atomic#1, tagged at the `retry;` and at main's
 * call.  (atomicc itself rejects this program with "'retry' outside an
 * atomic block".)
 */
#include <pthread.h>
#include <stdio.h>

static long stock;

static long take(void)
{
    if (stock == 0)
        retry; // LINT: retry-outside-atomic#1
    return stock--;
}

static void *consumer(void *arg)
{
    long got = 0;
    (void)arg;
    for (int i = 0; i < 5; i++) {
        atomic {
            got += take();
        }
    }
    return (void *)got;
}

int main(void)
{
    pthread_t c;
    pthread_create(&c, NULL, consumer, NULL);
    for (int i = 0; i < 6; i++) {
        atomic {
            stock += 1;
        }
    }
    pthread_join(c, NULL);
    long last = take(); // LINT: retry-outside-atomic#1
    printf("%ld\n", last);
    return 0;
}
