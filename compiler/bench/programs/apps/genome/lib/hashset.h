/* hashset.h - a chained hash set of fixed-length string keys, each with a
 * value pointer.  The set hashes and compares keys with the functions in
 * its `hash` and `equal` fields, over `keylen` characters, so one set can
 * index whole segments and another only their prefixes.  No locking: the
 * callers run these inside atomic blocks.  There is no element counter (it
 * would make every insertion conflict with every other); hashset_count()
 * walks the buckets. */
#ifndef GENOME_HASHSET_H
#define GENOME_HASHSET_H

typedef unsigned long (*hs_hash_fn)(const char *key, int len);
typedef int (*hs_equal_fn)(const char *a, const char *b, int len);

typedef struct hs_node {
    const char *key;        /* not copied: points into the caller's data */
    void *value;
    struct hs_node *next;
} hs_node_t;

typedef struct hashset {
    hs_hash_fn hash;
    hs_equal_fn equal;
    int keylen;
    unsigned long nbuckets; /* a power of two */
    hs_node_t **buckets;
} hashset_t;

unsigned long hs_hash_fnv(const char *key, int len);
unsigned long hs_hash_poly(const char *key, int len);
int hs_equal_bytes(const char *a, const char *b, int len);

hashset_t *hashset_new(unsigned long min_buckets, int keylen, hs_hash_fn hash, hs_equal_fn equal);
/* Adds key -> value; 0 (and no change) if an equal key is present. */
int hashset_insert(hashset_t *s, const char *key, void *value);
/* The value of the key equal to `key`, or NULL. */
void *hashset_find(const hashset_t *s, const char *key);
long hashset_count(const hashset_t *s);
void hashset_free(hashset_t *s);

#endif
