/* map.c - see map.h. */
#include <stdlib.h>
#include "lib/map.h"

static unsigned long bucket_of(const map_t *m, long key)
{
    unsigned long h = (unsigned long)key * 0x9E3779B97F4A7C15UL;
    return (h >> 17) & (m->nbuckets - 1);
}

map_t *map_new(unsigned long min_buckets)
{
    map_t *m = malloc(sizeof *m);
    if (!m)
        abort();
    unsigned long n = 16;
    while (n < min_buckets)
        n *= 2;
    m->nbuckets = n;
    m->buckets = calloc(n, sizeof *m->buckets);
    if (!m->buckets)
        abort();
    return m;
}

void map_free(map_t *m)
{
    for (unsigned long b = 0; b < m->nbuckets; b++) {
        map_node_t *n = m->buckets[b];
        while (n) {
            map_node_t *next = n->next;
            free(n);
            n = next;
        }
    }
    free(m->buckets);
    free(m);
}

void *map_find(const map_t *m, long key)
{
    for (map_node_t *n = m->buckets[bucket_of(m, key)]; n; n = n->next)
        if (n->key == key)
            return n->value;
    return NULL;
}

int map_insert(map_t *m, long key, void *value)
{
    unsigned long b = bucket_of(m, key);
    for (map_node_t *n = m->buckets[b]; n; n = n->next)
        if (n->key == key)
            return 0;
    map_node_t *n = malloc(sizeof *n);
    if (!n)
        abort();
    n->key = key;
    n->value = value;
    n->next = m->buckets[b];
    m->buckets[b] = n;
    return 1;
}

void *map_remove(map_t *m, long key)
{
    map_node_t **link = &m->buckets[bucket_of(m, key)];
    for (map_node_t *n = *link; n; link = &n->next, n = n->next) {
        if (n->key == key) {
            void *v = n->value;
            *link = n->next;
            free(n);
            return v;
        }
    }
    return NULL;
}

long map_count(const map_t *m)
{
    long c = 0;
    for (unsigned long b = 0; b < m->nbuckets; b++)
        for (map_node_t *n = m->buckets[b]; n; n = n->next)
            c++;
    return c;
}
