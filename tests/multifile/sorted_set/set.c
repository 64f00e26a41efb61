/*
 * set.c - sorted linked-list set; every operation is an atomic block that
 * walks the list calling the set's comparison through s->cmp.
 */
#include <stdlib.h>
#include "set.h"

void set_init(struct set *s)
{
    s->head = NULL;
    s->size = 0;
    s->cmp = NULL;
}

void set_init_cmp(struct set *s, int (*cmp)(long, long))
{
    set_init(s);
    s->cmp = cmp;
}

int set_insert(struct set *s, long key)
{
    int added = 0;
    atomic {
        struct node **pp = &s->head;
        while (*pp && s->cmp((*pp)->key, key) < 0)
            pp = &(*pp)->next;
        if (*pp == NULL || s->cmp((*pp)->key, key) != 0) {
            struct node *n = malloc(sizeof *n);
            n->key = key;
            n->next = *pp;
            *pp = n;
            s->size++;
            added = 1;
        }
    }
    return added;
}

int set_remove(struct set *s, long key)
{
    int removed = 0;
    atomic {
        struct node **pp = &s->head;
        while (*pp && s->cmp((*pp)->key, key) < 0)
            pp = &(*pp)->next;
        if (*pp && s->cmp((*pp)->key, key) == 0) {
            struct node *n = *pp;
            *pp = n->next;
            free(n);
            s->size--;
            removed = 1;
        }
    }
    return removed;
}

long set_check(struct set *s)
{
    long n = 0;
    atomic {
        for (struct node *p = s->head; p; p = p->next) {
            if (p->next && s->cmp(p->key, p->next->key) >= 0) {
                n = -1;
                break;
            }
            n++;
        }
        if (n != s->size)
            n = -1;
    }
    return n;
}

long set_first(struct set *s)
{
    long k = -1;
    atomic {
        if (s->head)
            k = s->head->key;
    }
    return k;
}
