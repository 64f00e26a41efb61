/* vacation - a travel reservation system (after STAMP's vacation, written
 * from scratch for atomicc).
 *
 * Cars, flights and rooms (three tables) and customers live in red-black
 * trees (lib/rbtree.c).  Client threads (client.c) run transactions, each
 * one atomic block calling manager.c / customer.c / lib/rbtree.c:
 *   reserve   look at a few random resources, reserve the dearest free one
 *             of each type for a random customer (created if absent)
 *   cancel    give back one reservation of a random customer
 *   delete    cancel everything a customer holds and delete the customer
 *   update    add capacity to (creating) or withdraw free capacity from
 *             (deleting when none is left) a few random resources
 * Checks: every tree is a valid red-black tree (ordering, black height,
 * parent links, size); every resource's `used` equals the reservations the
 * customers hold on it, and used <= total; every customer's bill is the sum
 * of what it paid; reservations and capacity are conserved against the
 * clients' own tallies.
 *
 *   vacation [-t THREADS] [-n TRANSACTIONS] [-s SEED]
 */
#include "../common/apputil.h"
#include "client.h"

#define DEFAULT_TRANSACTIONS 100000
#define RELATIONS 4096
#define CUSTOMERS 4096

static manager_t manager;

static long populate(manager_t *m, long relations, long customers, uint64_t seed)
{
    uint64_t rng = app_seed_for(seed, 1000);
    long *ids = app_xmalloc(sizeof(long) * (size_t)relations);
    long capacity = 0;
    for (int t = 0; t < NTYPES; t++) {
        for (long i = 0; i < relations; i++)
            ids[i] = i + 1;
        for (long i = relations - 1; i > 0; i--) {      /* shuffled insertion order */
            long j = app_randn(&rng, i + 1), x = ids[i];
            ids[i] = ids[j];
            ids[j] = x;
        }
        for (long i = 0; i < relations; i++) {
            int num = 1 + (int)app_randn(&rng, 5) * 10;
            manager_add_resource(m, t, ids[i], num, 50 + 10 * (int)app_randn(&rng, 50));
            capacity += num;
        }
    }
    for (long i = 1; i <= customers; i++)
        manager_add_customer(m, i);
    free(ids);
    return capacity;
}

static void verify(manager_t *m, long relations, const client_t *cl, int n, long capacity0,
                   app_checks_t *chk)
{
    const char *why = "";
    int trees_ok = 1;
    const char *which = "";
    static const char *names[NTYPES] = { "cars", "flights", "rooms" };
    for (int t = 0; t < NTYPES && trees_ok; t++)
        if (!rbtree_verify(&m->tables[t], &why)) {
            trees_ok = 0;
            which = names[t];
        }
    if (trees_ok && !rbtree_verify(&m->customers, &why)) {
        trees_ok = 0;
        which = "customers";
    }
    if (!trees_ok) {
        app_check(chk, 0, "red-black trees", "%s: %s", which, why);
        return;
    }
    app_check(chk, 1, "red-black trees", "%ld+%ld+%ld resources, %ld customers", m->tables[0].size,
              m->tables[1].size, m->tables[2].size, m->customers.size);

    /* reservations held by customers, per resource */
    long *held = calloc((size_t)NTYPES * (size_t)(relations + 1), sizeof(long));
    long total_held = 0, bad_bill = 0, bad_ids = 0;
    for (rb_node_t *x = rbtree_first(&m->customers); x; x = rbtree_next(x)) {
        customer_t *c = x->val;
        long bill = 0;
        for (int t = 0; t < NTYPES; t++) {
            if (c->nheld[t] < 0 || c->nheld[t] > MAX_HELD) {
                bad_ids++;
                continue;
            }
            for (int i = 0; i < c->nheld[t]; i++) {
                long id = c->held[t][i];
                if (id < 1 || id > relations) {
                    bad_ids++;
                    continue;
                }
                held[t * (relations + 1) + id]++;
                bill += c->paid[t][i];
                total_held++;
            }
        }
        if (bill != c->bill || c->id != x->key)
            bad_bill++;
    }
    app_check(chk, bad_bill == 0 && bad_ids == 0, "customers", "%ld reservations held, %ld bad bills, %ld bad ids",
              total_held, bad_bill, bad_ids);

    long mismatched = 0, over = 0, orphans = 0, capacity = 0;
    for (int t = 0; t < NTYPES; t++) {
        for (long id = 1; id <= relations; id++) {
            resource_t *r = rbtree_lookup(&m->tables[t], id);
            long h = held[t * (relations + 1) + id];
            if (!r) {
                if (h)
                    orphans++;
                continue;
            }
            capacity += r->total;
            if (r->used != h)
                mismatched++;
            if (r->used < 0 || r->used > r->total || r->total <= 0)
                over++;
        }
    }
    free(held);
    app_check(chk, mismatched == 0 && over == 0 && orphans == 0, "used == held",
              "%ld mismatched, %ld over capacity, %ld held but deleted", mismatched, over, orphans);

    long reserved = 0, released = 0, added = 0, withdrawn = 0, deleted = 0;
    for (int i = 0; i < n; i++) {
        reserved += cl[i].reserved;
        released += cl[i].released;
        added += cl[i].added;
        withdrawn += cl[i].withdrawn;
        deleted += cl[i].deleted;
    }
    app_check(chk, total_held == reserved - released, "reservations conserved",
              "held %ld, reserved %ld - released %ld; %ld customers deleted", total_held, reserved, released, deleted);
    app_check(chk, capacity == capacity0 + added - withdrawn, "capacity conserved",
              "%ld = %ld + %ld - %ld", capacity, capacity0, added, withdrawn);
}

int main(int argc, char **argv)
{
    app_opts_t o = app_parse(argc, argv, "transactions in all (default 100000)");
    long txns = o.size ? o.size : DEFAULT_TRANSACTIONS;
    manager_init(&manager);
    long capacity0 = populate(&manager, RELATIONS, CUSTOMERS, o.seed);

    client_cfg_t cfg = {
        .manager = &manager, .relations = RELATIONS, .customers = CUSTOMERS, .queries = 4,
        .pct_reserve = 70, .pct_cancel = 12, .pct_delete = 3,
    };
    client_t *cl = app_xmalloc(sizeof(client_t) * (size_t)o.threads);
    for (int i = 0; i < o.threads; i++) {
        memset(&cl[i], 0, sizeof cl[i]);
        cl[i].cfg = &cfg;
        cl[i].id = i;
        cl[i].ops = txns / o.threads + (i < txns % o.threads ? 1 : 0);
        cl[i].rng = app_seed_for(o.seed, i);
    }
    printf("vacation: %d threads, %ld transactions, %d resources per table, %d customers\n",
           o.threads, txns, RELATIONS, CUSTOMERS);
    double secs = app_run_threads(o.threads, client_run, cl, sizeof(client_t));

    app_checks_t chk = { 0, "" };
    verify(&manager, RELATIONS, cl, o.threads, capacity0, &chk);
    free(cl);
    manager_destroy(&manager);
    return app_finish(&chk, secs);
}
