/* hash.h - a chained hash table whose hash function is a field */
#ifndef HASH_H
#define HASH_H

#define NBUCKETS 64

struct entry {
    long key, value;
    struct entry *next;
};

struct table {
    unsigned long (*hash)(long key);
    struct entry *bucket[NBUCKETS];
    long count;
};

void ht_init(struct table *t, unsigned long (*hash)(long));
void ht_add(struct table *t, long key, long delta);   /* creates the entry at 0 */
long ht_get(struct table *t, long key);               /* 0 if absent */
int ht_del(struct table *t, long key);
long ht_sum(struct table *t);
long ht_count(struct table *t);

/* hashfn.c */
unsigned long hash_mul(long key);
unsigned long hash_mix(long key);

#endif
