/* lists.c - the lists; each operation walks inside its own block */
#include <stddef.h>
#include "lists.h"

struct list lists[NLISTS];

void list_insert(struct list *l, struct item *it)
{
    atomic {
        struct item **pp = &l->head;
        while (*pp && (*pp)->value < it->value)
            pp = &(*pp)->next;
        it->next = *pp;
        *pp = it;
        l->n++;
    }
}

struct item *list_pop(struct list *l)
{
    struct item *it;
    atomic {
        it = l->head;
        if (it) {
            l->head = it->next;
            it->next = NULL;
            l->n--;
        }
    }
    return it;
}

int list_delete(struct list *l, long value)
{
    int found = 0;
    atomic {
        struct item **pp = &l->head;
        while (*pp && (*pp)->value < value)
            pp = &(*pp)->next;
        if (*pp && (*pp)->value == value) {
            struct item *it = *pp;
            *pp = it->next;
            l->n--;
            item_free(it);
            found = 1;
        }
    }
    return found;
}

long list_check(struct list *l)
{
    long n = 0;
    atomic {
        for (struct item *it = l->head; it; it = it->next) {
            if (it->next && it->next->value <= it->value) {
                n = -1;
                break;
            }
            n++;
        }
        if (n != l->n)
            n = -1;
    }
    return n;
}
