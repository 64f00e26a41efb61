/* manager.h - vacation's database: three resource tables (cars, flights,
 * rooms) and the customers, each a red-black tree keyed by id.  None of
 * these functions synchronise: clients call them inside atomic blocks. */
#ifndef VACATION_MANAGER_H
#define VACATION_MANAGER_H

#include "lib/rbtree.h"
#include "customer.h"

typedef struct resource {
    long id;
    int total;              /* seats, cars, rooms offered */
    int used;               /* reserved by customers */
    int price;
} resource_t;

typedef struct manager {
    rbtree_t tables[NTYPES];
    rbtree_t customers;
} manager_t;

void manager_init(manager_t *m);
void manager_destroy(manager_t *m);

/* Adds num units of a resource at price (creating it if absent); 1 on success. */
int manager_add_resource(manager_t *m, int type, long id, int num, int price);
/* Withdraws up to num unreserved units; deletes the resource when none are
 * left.  Returns the units withdrawn. */
int manager_remove_capacity(manager_t *m, int type, long id, int num);
/* Price of a resource with a free unit, or -1. */
int manager_query_free_price(manager_t *m, int type, long id);

int manager_add_customer(manager_t *m, long cust);
/* Cancels every reservation of the customer and deletes it; returns the
 * number of reservations released, or -1 if there is no such customer. */
int manager_delete_customer(manager_t *m, long cust);

/* 1 if the customer got one unit of the resource. */
int manager_reserve(manager_t *m, int type, long cust, long id);
/* Cancels one reservation (the k-th held of that type); 1 if one was cancelled. */
int manager_cancel_some(manager_t *m, int type, long cust, long k);

#endif
