/* map.h - a chained hash map from long keys to pointers, with a fixed
 * number of buckets.  No locking: callers run these inside atomic blocks.
 * No element counter (it would make all updates conflict); map_count()
 * walks the buckets. */
#ifndef INTRUDER_MAP_H
#define INTRUDER_MAP_H

typedef struct map_node {
    long key;
    void *value;
    struct map_node *next;
} map_node_t;

typedef struct map {
    unsigned long nbuckets; /* a power of two */
    map_node_t **buckets;
} map_t;

map_t *map_new(unsigned long min_buckets);
void map_free(map_t *m);
void *map_find(const map_t *m, long key);
/* 0 (no change) if the key is present. */
int map_insert(map_t *m, long key, void *value);
/* Removes the key; returns its value or NULL. */
void *map_remove(map_t *m, long key);
long map_count(const map_t *m);

#endif
