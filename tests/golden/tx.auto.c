#include "atomicc_rt.h"
#line 1 "tests/golden/tx.c"
/* STM: pointer chasing, a transactional clone, malloc in a block, locals. */
#include <stdlib.h>

struct node { int key; struct node *next; };
static struct node *head;
static long inserted;

static struct node *find_prev(int key)
{
    struct node *p = head;
    while (p != NULL && p->next != NULL && p->next->key < key)
        p = p->next;
    return p;
}

int insert(int key)
{
    int done = 0;
    { atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter(); {
        struct node *n = malloc(sizeof *n);
        struct node *prev = find_prev(key);
        n->key = key;
        if (prev == NULL || prev->key > key) {
            n->next = head;
            head = n;
        } else {
            n->next = prev->next;
            prev->next = n;
        }
        inserted++;
        done = 1;
    } }
    return done;
}
