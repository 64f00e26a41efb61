/* customer.c - reservation lists of one customer (called inside atomic blocks). */
#include <stdlib.h>
#include "customer.h"

customer_t *customer_new(long id)
{
    customer_t *c = malloc(sizeof *c);
    if (!c)
        abort();
    c->id = id;
    c->bill = 0;
    for (int t = 0; t < NTYPES; t++)
        c->nheld[t] = 0;
    return c;
}

void customer_free(void *c)
{
    free(c);
}

int customer_add(customer_t *c, int type, long res_id, int price)
{
    int n = c->nheld[type];
    if (n >= MAX_HELD)
        return 0;
    c->held[type][n] = res_id;
    c->paid[type][n] = price;
    c->nheld[type] = n + 1;
    c->bill += price;
    return 1;
}

int customer_remove(customer_t *c, int type, long res_id)
{
    int n = c->nheld[type];
    for (int i = 0; i < n; i++) {
        if (c->held[type][i] == res_id) {
            int price = c->paid[type][i];
            c->held[type][i] = c->held[type][n - 1];
            c->paid[type][i] = c->paid[type][n - 1];
            c->nheld[type] = n - 1;
            c->bill -= price;
            return price;
        }
    }
    return -1;
}

long customer_pick(const customer_t *c, int type, long k)
{
    int n = c->nheld[type];
    if (n == 0)
        return 0;
    return c->held[type][k % n];
}
