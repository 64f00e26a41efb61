/*
 * heap_lists - heap items made in alloc.c, moved between lists.c's lists
 * by blocks here.
 *
 * Each thread creates items (malloc inside the block, via item_new in
 * alloc.c) and inserts them sorted, moves the smallest item of one list
 * into another list in one block, and deletes (frees) the item it made 40
 * iterations earlier, wherever it has moved.  Checker blocks require
 * every list sorted and the items in the lists to equal the live count.
 */
// EXPECT: created: 50000
// EXPECT: deleted: 50000
// EXPECT: moved: 50000
// EXPECT: left: 0 0 0 0
// EXPECT: live: 0
// EXPECT: checks: ok
// LEGAL: global pervar stm

#include <pthread.h>
#include <stdio.h>
#include "lists.h"

#define THREADS 4
#define ITERS   12500
#define WINDOW  40

static long created, deleted, moved, bad;
static pthread_barrier_t gate;

static long value_of(long id, long i)
{
    return (i * 7919 % ITERS) * THREADS + id;
}

static void delete_anywhere(long v)
{
    atomic {
        int found = 0;
        for (int k = 0; k < NLISTS && !found; k++)
            found = list_delete(&lists[k], v);
        if (found)
            deleted++;
        else
            bad++;
    }
}

static void *worker(void *arg)
{
    long id = (long)arg;
    pthread_barrier_wait(&gate);
    for (long i = 0; i < ITERS; i++) {
        long v = value_of(id, i);
        atomic {
            list_insert(&lists[(i + id) % NLISTS], item_new(v));
            created++;
        }
        atomic {
            struct item *it = NULL;
            for (int k = 1; k <= NLISTS && it == NULL; k++)   /* ours is in one of them */
                it = list_pop(&lists[(i + k) % NLISTS]);
            if (it)
                list_insert(&lists[(i + 2 + id) % NLISTS], it);
            else
                bad++;
            moved++;
        }
        if (i >= WINDOW)
            delete_anywhere(value_of(id, i - WINDOW));
        if (i % 256 == id) {
            atomic {
                long n = 0;
                for (int k = 0; k < NLISTS; k++) {
                    long c = list_check(&lists[k]);
                    if (c < 0)
                        bad++;
                    n += c;
                }
                if (n != items_live())
                    bad++;
            }
        }
    }
    for (long i = ITERS - WINDOW; i < ITERS; i++)
        delete_anywhere(value_of(id, i));
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
    printf("created: %ld\n", created);
    printf("deleted: %ld\n", deleted);
    printf("moved: %ld\n", moved);
    printf("left: %ld %ld %ld %ld\n", list_check(&lists[0]), list_check(&lists[1]),
           list_check(&lists[2]), list_check(&lists[3]));
    printf("live: %ld\n", items_live());
    printf("checks: %s\n", bad ? "BROKEN" : "ok");
    return 0;
}
