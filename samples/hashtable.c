/*
 * hashtable.c - a chained hash table shared by several threads (Atomic C).
 *
 * NTHREADS threads run a random mix of insert, delete, increment and
 * lookup on one table; each operation is an atomic block around plain
 * sequential hash-table code (nodes are malloc'ed and free'd inside the
 * blocks).  Thread t modifies only the keys with key % NTHREADS == t but
 * looks up anybody's, and all threads share the bucket chains.  Each
 * thread keeps a private model of its keys (0 = absent); at the end the
 * table must equal the models, so size and checksum are deterministic.
 *
 * Usage: hashtable [ops-per-thread]   (default 20000)
 */
// LEGAL: global pervar stm
// EXPECT: size: 1197
// EXPECT: checksum: 5740501219204529967
// EXPECT: model: match

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NTHREADS    4
#define BUCKET_BITS 7
#define NBUCKETS    (1u << BUCKET_BITS)
#define KEYSPACE    2048

typedef struct node {
    uint32_t key;
    uint64_t value;             /* never 0 */
    struct node *next;
} node_t;

typedef struct htable {
    node_t *bucket[NBUCKETS];
    size_t size;
} htable_t;

typedef struct worker {
    int id;
    long ops;
    uint64_t rng;
    unsigned long mismatches;   /* own-key results that disagreed with the model */
    unsigned long foreign_hits; /* nondeterministic, not printed */
    uint64_t model[KEYSPACE];   /* own keys only; 0 = absent */
} worker_t;

static htable_t table;

static unsigned hash_key(uint32_t key) { return (key * 2654435761u) >> (32 - BUCKET_BITS); }

static uint64_t splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Returns the link that points at key's node, or the chain's NULL link. */
static node_t **ht_slot(htable_t *h, uint32_t key)
{
    node_t **link = &h->bucket[hash_key(key)];
    while (*link != NULL && (*link)->key != key)
        link = &(*link)->next;
    return link;
}

static uint64_t ht_lookup(htable_t *h, uint32_t key)
{
    node_t *n = *ht_slot(h, key);
    return n != NULL ? n->value : 0;
}

/* Inserts or replaces; returns false only when out of memory. */
static bool ht_insert(htable_t *h, uint32_t key, uint64_t value)
{
    node_t **link = ht_slot(h, key);
    if (*link == NULL) {
        if ((*link = malloc(sizeof **link)) == NULL)
            return false;
        **link = (node_t){ .key = key, .next = NULL };
        h->size++;
    }
    (*link)->value = value;
    return true;
}

static uint64_t ht_delete(htable_t *h, uint32_t key)
{
    node_t **link = ht_slot(h, key), *victim = *link;
    if (victim == NULL)
        return 0;
    uint64_t old = victim->value;
    *link = victim->next;
    h->size--;
    free(victim);
    return old;
}

static void *worker_main(void *arg)
{
    worker_t *w = arg;
    for (long i = 0; i < w->ops; i++) {
        uint64_t r = splitmix64(&w->rng), v = (r >> 16) | 1, old;
        uint32_t own = (uint32_t)((r >> 8) % (KEYSPACE / NTHREADS)) * NTHREADS + (uint32_t)w->id;
        uint64_t *m = &w->model[own];
        bool ok = true;

        switch (r % 10) {
        case 0: case 1: case 2: case 3:         /* insert or replace an own key */
            atomic { ok = ht_insert(&table, own, v); }
            *m = v;
            break;
        case 4: case 5: case 6:                 /* delete an own key */
            atomic { old = ht_delete(&table, own); }
            w->mismatches += old != *m;
            *m = 0;
            break;
        case 7:                                 /* read-modify-write an own key */
            atomic {
                old = ht_lookup(&table, own);
                if (old != 0)
                    ok = ht_insert(&table, own, old + 2);
            }
            w->mismatches += old != *m;
            *m += *m != 0 ? 2 : 0;
            break;
        default:                                /* look up anybody's key */
            atomic { old = ht_lookup(&table, (uint32_t)(r >> 40) % KEYSPACE); }
            w->foreign_hits += old != 0;
            break;
        }
        if (!ok) {
            printf("FAIL: out of memory\n");
            exit(1);
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    long ops = argc > 1 ? atol(argv[1]) : 20000;
    pthread_t tid[NTHREADS];
    worker_t *workers = calloc(NTHREADS, sizeof *workers);
    if (workers == NULL)
        return 1;

    for (int i = 0; i < NTHREADS; i++) {
        workers[i].id = i;
        workers[i].ops = ops;
        workers[i].rng = 1000003u * (uint64_t)i;
        pthread_create(&tid[i], NULL, worker_main, &workers[i]);
    }
    unsigned long mismatches = 0, model_size = 0;
    for (int i = 0; i < NTHREADS; i++) {
        pthread_join(tid[i], NULL);
        mismatches += workers[i].mismatches;
    }
    uint64_t checksum = 0;
    for (uint32_t key = 0; key < KEYSPACE; key++) {
        uint64_t m = workers[key % NTHREADS].model[key], got = ht_lookup(&table, key);
        model_size += m != 0;
        mismatches += got != m;
        checksum += (key + 1) * got;
    }
    printf("size: %zu\n", table.size);
    printf("checksum: %llu\n", (unsigned long long)checksum);
    if (mismatches != 0 || model_size != table.size) {
        printf("FAIL: %lu results disagreed with the model\n", mismatches);
        return 1;
    }
    printf("model: match\n");
    for (uint32_t key = 0; key < KEYSPACE; key++)
        ht_delete(&table, key);
    free(workers);
    return 0;
}
