/* client.h - vacation's client threads. */
#ifndef VACATION_CLIENT_H
#define VACATION_CLIENT_H

#include <stdint.h>
#include "manager.h"

#define MAX_QUERIES 8

typedef struct client_cfg {
    manager_t *manager;
    long relations;         /* resource ids are 1..relations */
    long customers;         /* customer ids are 1..customers */
    int queries;            /* resources looked at per transaction (<= MAX_QUERIES) */
    int pct_reserve;        /* operation mix, in percent; the rest updates the tables */
    int pct_cancel;
    int pct_delete;
} client_cfg_t;

typedef struct client {
    const client_cfg_t *cfg;
    int id;
    long ops;
    uint64_t rng;
    /* what this client did, for the conservation check */
    long reserved;          /* units reserved */
    long released;          /* units given back (cancellations, deleted customers) */
    long deleted;           /* customers deleted */
    long withdrawn;         /* units of capacity withdrawn */
    long added;             /* units of capacity added */
    char pad[64];
} client_t;

void *client_run(void *arg);

#endif
