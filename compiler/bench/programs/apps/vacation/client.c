/* client.c - one vacation client: a loop of transactions, each one atomic
 * block that calls into manager.c, customer.c and lib/rbtree.c. */
#include "../common/apputil.h"
#include "client.h"

/* Look at a few random resources, then reserve the most expensive free one
 * of each type for the customer (creating the customer if needed). */
static long make_reservation(client_t *c)
{
    const client_cfg_t *cfg = c->cfg;
    manager_t *m = cfg->manager;
    int qtype[MAX_QUERIES];
    long qid[MAX_QUERIES];
    for (int q = 0; q < cfg->queries; q++) {
        qtype[q] = (int)app_randn(&c->rng, NTYPES);
        qid[q] = 1 + app_randn(&c->rng, cfg->relations);
    }
    long cust = 1 + app_randn(&c->rng, cfg->customers);
    long got = 0;
    atomic {
        long best_id[NTYPES];
        int best_price[NTYPES];
        int found = 0;
        for (int t = 0; t < NTYPES; t++) {
            best_id[t] = 0;
            best_price[t] = -1;
        }
        for (int q = 0; q < cfg->queries; q++) {
            int price = manager_query_free_price(m, qtype[q], qid[q]);
            if (price > best_price[qtype[q]]) {
                best_price[qtype[q]] = price;
                best_id[qtype[q]] = qid[q];
                found = 1;
            }
        }
        got = 0;
        if (found) {
            manager_add_customer(m, cust);
            for (int t = 0; t < NTYPES; t++)
                if (best_id[t] != 0)
                    got += manager_reserve(m, t, cust, best_id[t]);
        }
    }
    return got;
}

static long cancel_reservation(client_t *c)
{
    manager_t *m = c->cfg->manager;
    long cust = 1 + app_randn(&c->rng, c->cfg->customers);
    int type = (int)app_randn(&c->rng, NTYPES);
    long k = app_randn(&c->rng, MAX_HELD);
    long done = 0;
    atomic {
        done = manager_cancel_some(m, type, cust, k);
    }
    return done;
}

static long delete_customer(client_t *c)
{
    manager_t *m = c->cfg->manager;
    long cust = 1 + app_randn(&c->rng, c->cfg->customers);
    int released;
    atomic {
        released = manager_delete_customer(m, cust);
    }
    return released;
}

/* Add capacity to, or withdraw capacity from, a few random resources. */
static void update_tables(client_t *c)
{
    const client_cfg_t *cfg = c->cfg;
    manager_t *m = cfg->manager;
    int qtype[MAX_QUERIES], num[MAX_QUERIES], price[MAX_QUERIES];
    long qid[MAX_QUERIES];
    for (int q = 0; q < cfg->queries; q++) {
        qtype[q] = (int)app_randn(&c->rng, NTYPES);
        qid[q] = 1 + app_randn(&c->rng, cfg->relations);
        num[q] = 1 + (int)app_randn(&c->rng, 5);
        price[q] = app_randn(&c->rng, 2) ? 50 + 10 * (int)app_randn(&c->rng, 50) : 0;   /* 0: withdraw */
    }
    long added = 0, withdrawn = 0;
    atomic {
        added = 0;
        withdrawn = 0;
        for (int q = 0; q < cfg->queries; q++) {
            if (price[q] > 0) {
                if (manager_add_resource(m, qtype[q], qid[q], num[q], price[q]))
                    added += num[q];
            } else {
                withdrawn += manager_remove_capacity(m, qtype[q], qid[q], num[q]);
            }
        }
    }
    c->added += added;
    c->withdrawn += withdrawn;
}

void *client_run(void *arg)
{
    client_t *c = arg;
    const client_cfg_t *cfg = c->cfg;
    for (long i = 0; i < c->ops; i++) {
        long r = app_randn(&c->rng, 100);
        if (r < cfg->pct_reserve) {
            c->reserved += make_reservation(c);
        } else if (r < cfg->pct_reserve + cfg->pct_cancel) {
            c->released += cancel_reservation(c);
        } else if (r < cfg->pct_reserve + cfg->pct_cancel + cfg->pct_delete) {
            long n = delete_customer(c);
            if (n >= 0) {
                c->released += n;
                c->deleted++;
            }
        } else {
            update_tables(c);
        }
    }
    return NULL;
}
