/* list_common.h - the data of the sorted-list benchmark, shared by list.c
 * and its baselines (list_pthread.c, list_tm.c): the node type and the
 * sentinel head, the initial list, and the check and report after the run.
 * Only the synchronisation of the operations differs between the files. */
#ifndef BENCH_LIST_COMMON_H
#define BENCH_LIST_COMMON_H

#include "harness.h"

#define KEYS    1024
#define INITIAL 512

typedef struct node {
    long key;
    struct node *next;
} node_t;

static node_t head = { -1, NULL };   /* sentinel: smaller than every key */

/* The INITIAL even keys, in order. */
static void list_fill(void)
{
    node_t **tail = &head.next;
    for (long k = 0; k < KEYS; k += KEYS / INITIAL) {
        node_t *x = malloc(sizeof *x);
        x->key = k;
        x->next = NULL;
        *tail = x;
        tail = &x->next;
    }
}

/* Checks the list against the workers' counts (r0 inserts, r1 removes, r2
 * hits) and prints the report line; returns the exit status. */
static int list_finish(const bench_thread_t *th, int n, long ops, double secs)
{
    long ins = 0, rem = 0, hits = 0, len = 0, last = -1;
    for (int i = 0; i < n; i++) {
        ins += th[i].r0;
        rem += th[i].r1;
        hits += th[i].r2;
    }
    for (node_t *p = head.next; p != NULL; p = p->next, len++) {
        if (p->key <= last || p->key >= KEYS) {
            printf("FAIL: list out of order at key %ld (after %ld)\n", p->key, last);
            return 1;
        }
        last = p->key;
    }
    if (len != INITIAL + ins - rem) {
        printf("FAIL: list has %ld keys, expected %ld\n", len, INITIAL + ins - rem);
        return 1;
    }
    char extra[96];
    snprintf(extra, sizeof extra, "size=%ld inserts=%ld removes=%ld hits=%ld", len, ins, rem, hits);
    bench_report(ops * n, secs, n, extra);
    return 0;
}

#endif
