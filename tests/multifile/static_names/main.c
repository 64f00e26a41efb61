/*
 * static_names - same-named statics and static functions in three files.
 *
 * a.c, b.c and this file each have a `static long count`, a `static long
 * calls` and a `static void bump()`, all different objects.  A move takes
 * from A's count and puts into B's in one block (nesting the blocks of
 * a_take and b_put), and also bumps this file's own count.  A checker
 * block reads all three counts: A + B must always be the starting amount,
 * and this file's count must always equal the number of moves.
 */
// EXPECT: a: 100000 b: 200000 main: 200000
// EXPECT: calls: a=200000 b=400000
// EXPECT: conserved: ok
// LEGAL: global pervar stm

#include <pthread.h>
#include <stdio.h>
#include "parts.h"

#define THREADS 4
#define MOVES   50000

static pthread_barrier_t gate;
static long count;               /* moves done; not a.c's or b.c's count */
static long moved;               /* amount moved */
static long bad;

static void bump(void)
{
    count++;
}

static void *worker(void *arg)
{
    long id = (long)arg;
    pthread_barrier_wait(&gate);
    for (int i = 0; i < MOVES; i++) {
        atomic {
            a_take(1);
            b_put(1);
            bump();
            moved += 1;
        }
        if ((i + id) % 16 == 0) {
            atomic {
                if (a_count() + b_count() != 300000 || count != moved || b_count() != moved)
                    bad++;
            }
        }
    }
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
    printf("a: %ld b: %ld main: %ld\n", a_count(), b_count(), count);
    printf("calls: a=%ld b=%ld\n", a_calls(), b_calls());
    printf("conserved: %s\n", bad ? "BROKEN" : "ok");
    return 0;
}
