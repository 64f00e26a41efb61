/*
 * hashmap.c - a hash map with per-bucket chains shared by threads (Atomic C).
 *
 * The map is a global array of bucket head pointers; entries are heap
 * nodes linked into the chain of their bucket.  NTHREADS threads run a
 * deterministic mix of put, get and remove.  The bucket index is computed
 * before each block, but inside the block the chain walk chases `next`
 * pointers, so the nodes a block touches are not known at its entry.
 * Thread t writes only keys with key % NTHREADS == t (it reads any key)
 * and keeps a private model of them: the final map does not depend on
 * the interleaving.
 * Usage: hashmap [ops-per-thread]   (default 100000)
 */
// LEGAL: global pervar stm
// EXPECT: size: 2471
// EXPECT: checksum: 3451170721756115830
// EXPECT: model: match

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NTHREADS 4
#define NBUCKETS 256
#define KEYSPACE 4096

typedef struct entry { uint64_t key, value; struct entry *next; } entry_t;  /* value != 0 */

typedef struct worker {
    int id;
    long ops;
    uint64_t rng;
    unsigned long bad;          /* own-key results that disagree with the model */
    uint64_t model[KEYSPACE];   /* own keys; 0 = absent */
} worker_t;

static entry_t *buckets[NBUCKETS];
static long map_size;

static unsigned bucket_of(uint64_t key) { return (unsigned)((key * 0x9E3779B97F4A7C15ULL) >> 56); }

static uint64_t splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Called inside an atomic block: the value for key, 0 if absent. */
static uint64_t map_get(unsigned b, uint64_t key)
{
    for (entry_t *e = buckets[b]; e != NULL; e = e->next)
        if (e->key == key)
            return e->value;
    return 0;
}

static void *worker_main(void *arg)
{
    worker_t *w = arg;
    for (long i = 0; i < w->ops; i++) {
        uint64_t r = splitmix64(&w->rng);
        uint64_t key = (r >> 8) % KEYSPACE;
        unsigned b = bucket_of(key);
        unsigned op = (unsigned)(r & 7);
        uint64_t got;
        if (op >= 5 || key % NTHREADS != (uint64_t)w->id) {     /* get */
            atomic { got = map_get(b, key); }
            if (key % NTHREADS == (uint64_t)w->id && got != w->model[key])
                w->bad++;
        } else if (op >= 2) {                                     /* put */
            uint64_t value = (r >> 20) | 1;
            atomic {
                entry_t *e = buckets[b];
                while (e != NULL && e->key != key)
                    e = e->next;
                if (e != NULL) {
                    e->value = value;
                } else {
                    e = malloc(sizeof *e);
                    *e = (entry_t){ .key = key, .value = value, .next = buckets[b] };
                    buckets[b] = e;
                    map_size++;
                }
            }
            w->model[key] = value;
        } else {                                                  /* remove */
            atomic {
                entry_t **link = &buckets[b];
                while (*link != NULL && (*link)->key != key)
                    link = &(*link)->next;
                got = 0;
                if (*link != NULL) {
                    entry_t *dead = *link;
                    got = dead->value;
                    *link = dead->next;
                    free(dead);
                    map_size--;
                }
            }
            if (got != w->model[key])
                w->bad++;
            w->model[key] = 0;
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    long ops = argc > 1 ? atol(argv[1]) : 100000;
    static worker_t workers[NTHREADS];
    pthread_t tid[NTHREADS];
    for (int t = 0; t < NTHREADS; t++) {
        workers[t] = (worker_t){ .id = t, .ops = ops, .rng = 0xC0FFEEULL + (uint64_t)t };
        if (pthread_create(&tid[t], NULL, worker_main, &workers[t]) != 0) {
            printf("FAIL: pthread_create\n");
            return 1;
        }
    }
    for (int t = 0; t < NTHREADS; t++)
        pthread_join(tid[t], NULL);

    long size = 0, expected = 0;
    unsigned long bad = 0;
    uint64_t sum = 0;
    for (unsigned b = 0; b < NBUCKETS; b++)
        for (entry_t *e = buckets[b]; e != NULL; e = e->next) {
            size++;
            sum += ((e->key + 1) * 0xFF51AFD7ED558CCDULL) ^ e->value;
            if (bucket_of(e->key) != b || workers[e->key % NTHREADS].model[e->key] != e->value)
                bad++;
        }
    for (int t = 0; t < NTHREADS; t++) {
        bad += workers[t].bad;
        for (int k = 0; k < KEYSPACE; k++)
            expected += workers[t].model[k] != 0;
    }
    printf("size: %ld\n", size);
    printf("checksum: %llu\n", (unsigned long long)sum);
    if (size != map_size || size != expected || bad != 0) {
        printf("FAIL: size %ld, counter %ld, model %ld; %lu results disagree with the model\n",
               size, map_size, expected, bad);
        return 1;
    }
    printf("model: match\n");
    return 0;
}
