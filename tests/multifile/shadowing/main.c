/*
 * shadowing - locals, parameters and a static local that share names with
 * globals of another file, next to atomic blocks on those globals.
 *
 * lib.c's add_batch has a local `total` beside blocks on the global
 * `total`; mark(long count) updates the global `count` through a block-
 * scope `extern long count` while its parameter shadows it; here a block
 * declares its own `count`, and next_ticket() keeps a static local named
 * `total` (shared by all threads, a different object from the global).
 */
// EXPECT: total: 400000
// EXPECT: checksum: 600000
// EXPECT: count: 100000
// EXPECT: table: 12500 12500 12500 12500 12500 12500 12500 12500
// EXPECT: tickets: 100000 ok
// EXPECT: locals: 200000
// LEGAL: global pervar stm

#include <pthread.h>
#include <stdio.h>
#include "shared.h"

#define THREADS 4
#define ITERS   25000

static long locals, ticket_sum;
static pthread_barrier_t gate;

long next_ticket(void)
{
    static long total;          /* not globals.c's total */
    long t;
    atomic { t = ++total; }
    return t;
}

static void *worker(void *arg)
{
    long id = (long)arg, mine = 0;
    pthread_barrier_wait(&gate);
    for (int i = 0; i < ITERS; i++) {
        add_batch(4);                       /* total += 4, checksum += 0+1+2+3 */
        mark(i + id);
        atomic {
            long count = 2;                 /* shadows the global inside the block */
            locals += count;
        }
        mine += next_ticket();
    }
    atomic { ticket_sum += mine; }
    return NULL;
}

int main(void)
{
    pthread_t t[THREADS];
    pthread_barrier_init(&gate, NULL, THREADS);
    for (long i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&gate);
    long n = THREADS * ITERS;
    printf("total: %ld\n", total);
    printf("checksum: %ld\n", checksum);
    printf("count: %ld\n", count);
    printf("table:");
    for (int k = 0; k < 8; k++)
        printf(" %ld", table[k]);
    printf("\n");
    long last = next_ticket() - 1;
    printf("tickets: %ld %s\n", last, ticket_sum == n * (n + 1) / 2 ? "ok" : "BROKEN");
    printf("locals: %ld\n", locals);
    return 0;
}
