/*
 * hash.c - every operation is an atomic block; the bucket comes from the
 * table's own hash function, called through t->hash inside the block.
 */
#include <stdlib.h>
#include "hash.h"

void ht_init(struct table *t, unsigned long (*hash)(long))
{
    t->hash = hash;
    for (int i = 0; i < NBUCKETS; i++)
        t->bucket[i] = NULL;
    t->count = 0;
}

static struct entry **slot(struct table *t, long key)
{
    struct entry **pp = &t->bucket[t->hash(key) % NBUCKETS];
    while (*pp && (*pp)->key != key)
        pp = &(*pp)->next;
    return pp;
}

void ht_add(struct table *t, long key, long delta)
{
    atomic {
        struct entry **pp = slot(t, key);
        if (*pp == NULL) {
            struct entry *e = malloc(sizeof *e);
            e->key = key;
            e->value = 0;
            e->next = NULL;
            *pp = e;
            t->count++;
        }
        (*pp)->value += delta;
    }
}

long ht_get(struct table *t, long key)
{
    long v = 0;
    atomic {
        struct entry *e = *slot(t, key);
        if (e)
            v = e->value;
    }
    return v;
}

int ht_del(struct table *t, long key)
{
    int done = 0;
    atomic {
        struct entry **pp = slot(t, key);
        if (*pp) {
            struct entry *e = *pp;
            *pp = e->next;
            free(e);
            t->count--;
            done = 1;
        }
    }
    return done;
}

long ht_sum(struct table *t)
{
    long s = 0;
    atomic {
        for (int i = 0; i < NBUCKETS; i++)
            for (struct entry *e = t->bucket[i]; e; e = e->next)
                s += e->value;
    }
    return s;
}

long ht_count(struct table *t)
{
    long n;
    atomic { n = t->count; }
    return n;
}
