/* vector.c - see vector.h. */
#include <stdlib.h>
#include <string.h>
#include "lib/vector.h"

void vector_init(vector_t *v, long capacity)
{
    v->capacity = capacity > 4 ? capacity : 4;
    v->size = 0;
    v->items = malloc(sizeof(long) * (size_t)v->capacity);
    if (!v->items)
        abort();
}

void vector_free(vector_t *v)
{
    free(v->items);
    v->items = NULL;
    v->size = v->capacity = 0;
}

void vector_clear(vector_t *v)
{
    v->size = 0;
}

void vector_push(vector_t *v, long x)
{
    if (v->size == v->capacity) {
        v->capacity *= 2;
        v->items = realloc(v->items, sizeof(long) * (size_t)v->capacity);
        if (!v->items)
            abort();
    }
    v->items[v->size++] = x;
}

void vector_reverse(vector_t *v)
{
    for (long i = 0, j = v->size - 1; i < j; i++, j--) {
        long t = v->items[i];
        v->items[i] = v->items[j];
        v->items[j] = t;
    }
}

long *vector_copy_items(const vector_t *v)
{
    long *p = malloc(sizeof(long) * (size_t)(v->size ? v->size : 1));
    if (!p)
        abort();
    memcpy(p, v->items, sizeof(long) * (size_t)v->size);
    return p;
}
