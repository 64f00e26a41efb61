/*
 * hash_table - two tables, each with its own hash-function field.
 *
 * Table `plus` hashes with hash_mul and `minus` with hash_mix (both in
 * hashfn.c, picked from a const array of function pointers here).  Every
 * add puts +d into `plus` and -d into `minus` under the same key in one
 * block; a move shifts a key's whole value from one side to the other,
 * and scratch keys are added and deleted.  So for every key and at every
 * moment plus + minus == 0, which checker blocks verify.
 */
// EXPECT: added: 120000
// EXPECT: keys: 256 256
// EXPECT: sum: 0
// EXPECT: pairs: ok
// EXPECT: checks: ok
// LEGAL: global pervar stm

#include <pthread.h>
#include <stdio.h>
#include "hash.h"

#define THREADS 4
#define ITERS   30000
#define KEYS    256

static unsigned long (*const hashes[2])(long) = { hash_mul, hash_mix };
static struct table plus, minus;
static long added, bad;
static pthread_barrier_t gate;

static void *worker(void *arg)
{
    long id = (long)arg;
    pthread_barrier_wait(&gate);
    for (int i = 0; i < ITERS; i++) {
        long key = (i * 37L + id * 5) % KEYS;
        switch (i % 3) {
        case 0:
        case 1: {
            long d = 2 - i % 3;
            atomic {
                ht_add(&plus, key, d);
                ht_add(&minus, key, -d);
                added += d;
            }
            break;
        }
        default:
            atomic {
                long v = ht_get(&plus, key);
                ht_add(&plus, key, -v - 1);
                ht_add(&minus, key, v + 1);
            }
            break;
        }
        if (i % 64 == 0) {
            atomic { ht_add(&plus, 10000 + id, 5); ht_add(&minus, 10000 + id, -5); }
            atomic { ht_del(&plus, 10000 + id); ht_del(&minus, 10000 + id); }
        }
        if (i % 512 == id) {
            atomic {
                if (ht_sum(&plus) + ht_sum(&minus) != 0 || ht_count(&plus) != ht_count(&minus))
                    bad++;
            }
        }
    }
    return NULL;
}

int main(void)
{
    ht_init(&plus, hashes[0]);
    ht_init(&minus, hashes[1]);
    pthread_t t[THREADS];
    pthread_barrier_init(&gate, NULL, THREADS);
    for (long i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&gate);
    long pairs_bad = 0;
    for (long k = 0; k < KEYS; k++)
        if (ht_get(&plus, k) + ht_get(&minus, k) != 0)
            pairs_bad++;
    printf("added: %ld\n", added);
    printf("keys: %ld %ld\n", ht_count(&plus), ht_count(&minus));
    printf("sum: %ld\n", ht_sum(&plus) + ht_sum(&minus));
    printf("pairs: %s\n", pairs_bad ? "BROKEN" : "ok");
    printf("checks: %s\n", bad ? "BROKEN" : "ok");
    return 0;
}
