/*
 * handler_registry - handlers stored in a table by other files.
 *
 * ops1.c and ops2.c each register a static function named `apply` (two
 * different functions) plus one more into registry.c's writable table;
 * dispatch() calls `table[i](c, v)` inside its block.  The blocks here
 * nest two dispatches whose effects cancel (+3 +3 then -6, or +5 then -5), so
 * a checker block must always see the heap context's value at 0.
 */
// EXPECT: value: 0
// EXPECT: dispatched: 200000
// EXPECT: by op: 50000 50000 50000 50000
// EXPECT: checks: ok
// LEGAL: global pervar stm

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "registry.h"

#define THREADS 4
#define ITERS   25000

static struct ctx *shared;
static long bad;
static pthread_barrier_t gate;

static void *worker(void *arg)
{
    long id = (long)arg;
    pthread_barrier_wait(&gate);
    for (long i = 0; i < ITERS; i++) {
        if ((i + id) % 2) {
            atomic {
                dispatch(1, shared, 3);       /* +3 +3 */
                dispatch(3, shared, 2);       /* -6 */
            }
        } else {
            atomic {
                dispatch(0, shared, 5);       /* ops1.c's apply: +5 */
                dispatch(2, shared, 5);       /* ops2.c's apply: -5 */
            }
        }
        if (i % 64 == id) {
            atomic {
                if (ctx_value(shared) != 0)
                    bad++;
            }
        }
    }
    return NULL;
}

int main(void)
{
    ops1_register();
    ops2_register();
    shared = ctx_new();
    pthread_t t[THREADS];
    pthread_barrier_init(&gate, NULL, THREADS);
    for (long i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&gate);
    printf("value: %ld\n", ctx_value(shared));
    printf("dispatched: %ld\n", shared->dispatched);
    printf("by op: %ld %ld %ld %ld\n", shared->by_op[0], shared->by_op[1], shared->by_op[2], shared->by_op[3]);
    printf("checks: %s\n", bad ? "BROKEN" : "ok");
    free(shared);
    return 0;
}
