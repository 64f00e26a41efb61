/*
 * hashtable.c - a chained hash table shared by several threads (Atomic C).
 *
 * NTHREADS threads run a random mix of insert, delete, increment and
 * lookup operations on one table of NBUCKETS chains; every operation is
 * an atomic block around plain sequential hash-table code (nodes are
 * malloc'ed and free'd inside the blocks).  Thread t owns the keys with
 * key % NTHREADS == t and only modifies those, but it looks up anybody's
 * keys, and all threads share the same bucket chains.  Each thread keeps
 * a private model of its own keys; at the end the table must equal the
 * union of the models, so the final size and checksum are deterministic.
 *
 * Usage: hashtable [ops-per-thread]   (default 20000)
 */
// EXPECT: threads: 4
// EXPECT: size: 1197
// EXPECT: checksum: 5740501219204067566
// EXPECT: own lookups: consistent
// EXPECT: table matches model

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NTHREADS     4
#define BUCKET_BITS  7
#define NBUCKETS     (1u << BUCKET_BITS)
#define KEYSPACE     2048
#define DEFAULT_OPS  20000

typedef struct node {
    uint32_t key;
    uint64_t value;
    struct node *next;
} node_t;

typedef struct htable {
    node_t *bucket[NBUCKETS];
    size_t size;
} htable_t;

typedef struct model_entry {
    bool present;
    uint64_t value;
} model_entry_t;

typedef struct worker {
    int id;
    long ops;
    uint64_t rng;
    unsigned long mismatches;        /* own-key lookups that disagreed */
    unsigned long foreign_hits;      /* nondeterministic, not printed */
    model_entry_t model[KEYSPACE];   /* only own keys are used */
} worker_t;

static htable_t table;

static unsigned hash_key(uint32_t key)
{
    return (key * 2654435761u) >> (32 - BUCKET_BITS);
}

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

static bool ht_lookup(htable_t *h, uint32_t key, uint64_t *value)
{
    node_t *n = *ht_slot(h, key);
    if (n == NULL)
        return false;
    *value = n->value;
    return true;
}

/* Inserts or replaces; returns false only when out of memory. */
static bool ht_insert(htable_t *h, uint32_t key, uint64_t value)
{
    node_t **link = ht_slot(h, key);
    if (*link == NULL) {
        node_t *n = malloc(sizeof *n);
        if (n == NULL)
            return false;
        *n = (node_t){ .key = key, .value = value, .next = NULL };
        *link = n;
        h->size++;
    } else {
        (*link)->value = value;
    }
    return true;
}

static bool ht_delete(htable_t *h, uint32_t key)
{
    node_t **link = ht_slot(h, key);
    node_t *victim = *link;
    if (victim == NULL)
        return false;
    *link = victim->next;
    h->size--;
    free(victim);
    return true;
}

static void *worker_main(void *arg)
{
    worker_t *w = arg;
    for (long i = 0; i < w->ops; i++) {
        uint64_t r = splitmix64(&w->rng);
        uint32_t own = (uint32_t)((r >> 8) % (KEYSPACE / NTHREADS)) * NTHREADS + (uint32_t)w->id;
        model_entry_t *m = &w->model[own];
        uint64_t v = 0;
        bool ok = true, found;

        switch (r % 10) {
        case 0: case 1: case 2: case 3:          /* insert/replace own key */
            atomic { ok = ht_insert(&table, own, r >> 16); }
            *m = (model_entry_t){ .present = true, .value = r >> 16 };
            break;
        case 4: case 5: case 6:                  /* delete own key */
            atomic { found = ht_delete(&table, own); }
            if (found != m->present)
                w->mismatches++;
            m->present = false;
            break;
        case 7:                                  /* increment own key if present */
            atomic {
                found = ht_lookup(&table, own, &v);
                if (found)
                    ok = ht_insert(&table, own, v + 1);
            }
            if (found != m->present || (found && v != m->value))
                w->mismatches++;
            if (found)
                m->value++;
            break;
        default:                                 /* lookup anybody's key */
            atomic { found = ht_lookup(&table, (uint32_t)(r >> 40) % KEYSPACE, &v); }
            w->foreign_hits += found;
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
    long ops = argc > 1 ? atol(argv[1]) : DEFAULT_OPS;
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
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(tid[i], NULL);

    /* Compare the table with the models, then empty it. */
    unsigned long mismatches = 0, model_size = 0;
    for (uint32_t key = 0; key < KEYSPACE; key++) {
        const model_entry_t *m = &workers[key % NTHREADS].model[key];
        uint64_t v;
        bool found = ht_lookup(&table, key, &v);
        model_size += m->present;
        if (found != m->present || (found && v != m->value))
            mismatches++;
    }
    uint64_t checksum = 0;
    for (unsigned b = 0; b < NBUCKETS; b++)
        for (node_t *n = table.bucket[b]; n != NULL; n = n->next)
            checksum += (n->key + 1) * n->value;

    unsigned long own_mismatches = 0;
    for (int i = 0; i < NTHREADS; i++)
        own_mismatches += workers[i].mismatches;

    printf("threads: %d\n", NTHREADS);
    printf("size: %zu\n", table.size);
    printf("checksum: %llu\n", (unsigned long long)checksum);
    if (own_mismatches != 0) {
        printf("FAIL: %lu lookups of own keys disagreed with the model\n", own_mismatches);
        return 1;
    }
    printf("own lookups: consistent\n");
    if (mismatches != 0 || model_size != table.size) {
        printf("FAIL: table differs from model in %lu keys\n", mismatches);
        return 1;
    }
    printf("table matches model\n");

    for (uint32_t key = 0; key < KEYSPACE; key++)
        ht_delete(&table, key);
    free(workers);
    return table.size == 0 ? 0 : 1;
}
