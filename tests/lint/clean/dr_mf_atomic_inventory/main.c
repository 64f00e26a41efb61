/*
 * main.c -- clean/dr_mf_atomic_inventory, Atomic C, a two-file program
 * (main.c, inventory.c); near miss of data-race/mf_atomic_vs_plain;
 * pattern: "atomic blocks across files".
 *
 * The restocker calls restock() in inventory.c, whose update of `on_hand`
 * is inside an atomic block, instead of writing `on_hand` plainly; the
 * buyers' accesses are in atomic blocks too.  Accesses that are all inside
 * atomic blocks do not race.  main reads `on_hand` plainly only after
 * joining every thread.
 * No finding.
// NEAR-MISS: data-race
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

extern long on_hand;
void reserve(long n);
void restock(long n);
long reserved_now(void);

static void *buyer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 20; i++)
        reserve(2);
    return NULL;
}

static void *restocker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 5; i++)
        restock(10);
    return (void *)reserved_now();
}

int main(void)
{
    pthread_t b1, b2, r;
    pthread_create(&b1, NULL, buyer, NULL);
    pthread_create(&b2, NULL, buyer, NULL);
    pthread_create(&r, NULL, restocker, NULL);
    pthread_join(b1, NULL);
    pthread_join(b2, NULL);
    pthread_join(r, NULL);
    printf("%ld %ld\n", on_hand, reserved_now());
    return 0;
}
