/* alloc.c - items are allocated and freed here, and counted in blocks */
#include <stdlib.h>
#include "lists.h"

static long live;

struct item *item_new(long value)
{
    struct item *it = malloc(sizeof *it);
    it->value = value;
    it->next = NULL;
    atomic { live++; }
    return it;
}

void item_free(struct item *it)
{
    atomic { live--; }
    free(it);
}

long items_live(void)
{
    long n;
    atomic { n = live; }
    return n;
}
