/* vector.h - a growable array of long (paths, BFS frontiers); private to
 * one thread. */
#ifndef LABYRINTH_VECTOR_H
#define LABYRINTH_VECTOR_H

typedef struct vector {
    long *items;
    long size, capacity;
} vector_t;

void vector_init(vector_t *v, long capacity);
void vector_free(vector_t *v);
void vector_clear(vector_t *v);
void vector_push(vector_t *v, long x);
void vector_reverse(vector_t *v);
/* A malloc'ed copy of the items. */
long *vector_copy_items(const vector_t *v);

#endif
