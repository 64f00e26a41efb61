/* manager.c - operations on vacation's tables (see manager.h). */
#include <stdlib.h>
#include "manager.h"

void manager_init(manager_t *m)
{
    for (int t = 0; t < NTYPES; t++)
        rbtree_init(&m->tables[t], rb_cmp_long);
    rbtree_init(&m->customers, rb_cmp_long);
}

void manager_destroy(manager_t *m)
{
    for (int t = 0; t < NTYPES; t++)
        rbtree_destroy(&m->tables[t], free);
    rbtree_destroy(&m->customers, customer_free);
}

int manager_add_resource(manager_t *m, int type, long id, int num, int price)
{
    resource_t *r = rbtree_lookup(&m->tables[type], id);
    if (r) {
        r->total += num;
        if (price > 0)
            r->price = price;
        return 1;
    }
    if (num <= 0)
        return 0;
    r = malloc(sizeof *r);
    if (!r)
        abort();
    r->id = id;
    r->total = num;
    r->used = 0;
    r->price = price;
    if (!rbtree_insert(&m->tables[type], id, r)) {
        free(r);
        return 0;
    }
    return 1;
}

int manager_remove_capacity(manager_t *m, int type, long id, int num)
{
    resource_t *r = rbtree_lookup(&m->tables[type], id);
    if (!r)
        return 0;
    int spare = r->total - r->used;
    int take = num < spare ? num : spare;
    r->total -= take;
    if (r->total == 0 && r->used == 0) {
        rbtree_delete(&m->tables[type], id);
        free(r);
    }
    return take;
}

int manager_query_free_price(manager_t *m, int type, long id)
{
    resource_t *r = rbtree_lookup(&m->tables[type], id);
    if (!r || r->used >= r->total)
        return -1;
    return r->price;
}

int manager_add_customer(manager_t *m, long cust)
{
    if (rbtree_lookup(&m->customers, cust))
        return 0;
    customer_t *c = customer_new(cust);
    rbtree_insert(&m->customers, cust, c);
    return 1;
}

int manager_delete_customer(manager_t *m, long cust)
{
    customer_t *c = rbtree_lookup(&m->customers, cust);
    if (!c)
        return -1;
    int released = 0;
    for (int t = 0; t < NTYPES; t++) {
        for (int i = 0; i < c->nheld[t]; i++) {
            resource_t *r = rbtree_lookup(&m->tables[t], c->held[t][i]);
            if (r) {                /* always: a used resource is never deleted */
                r->used--;
                released++;
            }
        }
    }
    rbtree_delete(&m->customers, cust);
    customer_free(c);
    return released;
}

int manager_reserve(manager_t *m, int type, long cust, long id)
{
    customer_t *c = rbtree_lookup(&m->customers, cust);
    resource_t *r = rbtree_lookup(&m->tables[type], id);
    if (!c || !r || r->used >= r->total)
        return 0;
    if (!customer_add(c, type, id, r->price))
        return 0;
    r->used++;
    return 1;
}

int manager_cancel_some(manager_t *m, int type, long cust, long k)
{
    customer_t *c = rbtree_lookup(&m->customers, cust);
    if (!c)
        return 0;
    long id = customer_pick(c, type, k);
    if (id == 0)
        return 0;
    resource_t *r = rbtree_lookup(&m->tables[type], id);
    if (!r || customer_remove(c, type, id) < 0)
        return 0;
    r->used--;
    return 1;
}
