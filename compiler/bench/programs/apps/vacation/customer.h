/* customer.h - a vacation customer: the reservations it holds, by type. */
#ifndef VACATION_CUSTOMER_H
#define VACATION_CUSTOMER_H

#define NTYPES 3            /* car, flight, room */
#define MAX_HELD 32         /* reservations per customer and type */

typedef struct customer {
    long id;
    int nheld[NTYPES];
    long held[NTYPES][MAX_HELD];    /* resource ids */
    int paid[NTYPES][MAX_HELD];     /* price paid for each */
    long bill;                      /* sum of paid[][] */
} customer_t;

customer_t *customer_new(long id);
void customer_free(void *c);
/* Records a reservation; 0 if the customer already holds MAX_HELD of that type. */
int customer_add(customer_t *c, int type, long res_id, int price);
/* Forgets one reservation of res_id; returns the price paid, or -1 if none. */
int customer_remove(customer_t *c, int type, long res_id);
/* The resource id of the k-th reservation of that type (k taken modulo the
 * count), or 0 if it holds none. */
long customer_pick(const customer_t *c, int type, long k);

#endif
