/*
 * main.c -- data-race/mf_atomic_vs_plain, Atomic C, a two-file program
 * (main.c, inventory.c); pattern: "atomic blocks in one file against a
 * plain access in another".
 *
 * inventory.c updates `on_hand` and `reserved` only inside atomic blocks.
 * The restocker thread here adds to the external `on_hand` with a plain
 * read-modify-write outside any block while the reserving threads run:
 * data-race#1 (the plain access here and the block accesses in
 * inventory.c).  `reserved` is read through reserved_now(), inside a
 * block: not a race.  main's final print is after all joins.
 */
#include <pthread.h>
#include <stdio.h>

extern long on_hand;
void reserve(long n);
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
        on_hand += 10; // LINT: data-race#1
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
