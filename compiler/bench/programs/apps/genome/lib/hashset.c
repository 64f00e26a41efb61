/* hashset.c - see hashset.h. */
#include <stdlib.h>
#include "lib/hashset.h"

unsigned long hs_hash_fnv(const char *key, int len)
{
    unsigned long h = 1469598103934665603UL;
    for (int i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 1099511628211UL;
    }
    return h;
}

unsigned long hs_hash_poly(const char *key, int len)
{
    unsigned long h = 0;
    for (int i = 0; i < len; i++)
        h = h * 31 + (unsigned char)key[i];
    return h ^ (h >> 29);
}

int hs_equal_bytes(const char *a, const char *b, int len)
{
    for (int i = 0; i < len; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

hashset_t *hashset_new(unsigned long min_buckets, int keylen, hs_hash_fn hash, hs_equal_fn equal)
{
    hashset_t *s = malloc(sizeof *s);
    if (!s)
        abort();
    unsigned long n = 16;
    while (n < min_buckets)
        n *= 2;
    s->hash = hash;
    s->equal = equal;
    s->keylen = keylen;
    s->nbuckets = n;
    s->buckets = calloc(n, sizeof *s->buckets);
    if (!s->buckets)
        abort();
    return s;
}

int hashset_insert(hashset_t *s, const char *key, void *value)
{
    unsigned long b = s->hash(key, s->keylen) & (s->nbuckets - 1);
    for (hs_node_t *n = s->buckets[b]; n; n = n->next)
        if (s->equal(n->key, key, s->keylen))
            return 0;
    hs_node_t *n = malloc(sizeof *n);
    if (!n)
        abort();
    n->key = key;
    n->value = value;
    n->next = s->buckets[b];
    s->buckets[b] = n;
    return 1;
}

void *hashset_find(const hashset_t *s, const char *key)
{
    unsigned long b = s->hash(key, s->keylen) & (s->nbuckets - 1);
    for (hs_node_t *n = s->buckets[b]; n; n = n->next)
        if (s->equal(n->key, key, s->keylen))
            return n->value;
    return NULL;
}

long hashset_count(const hashset_t *s)
{
    long c = 0;
    for (unsigned long b = 0; b < s->nbuckets; b++)
        for (hs_node_t *n = s->buckets[b]; n; n = n->next)
            c++;
    return c;
}

void hashset_free(hashset_t *s)
{
    for (unsigned long b = 0; b < s->nbuckets; b++) {
        hs_node_t *n = s->buckets[b];
        while (n) {
            hs_node_t *next = n->next;
            free(n);
            n = next;
        }
    }
    free(s->buckets);
    free(s);
}
