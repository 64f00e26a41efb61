/* centers.h - k cluster centres and the accumulators of the next ones.
 * The sums are integers, so the result does not depend on the order in
 * which threads add points: a parallel run must equal a sequential one
 * exactly. */
#ifndef KMEANS_CENTERS_H
#define KMEANS_CENTERS_H

#include "lib/points.h"

#define MAXK 32

typedef struct centers {
    int k, d;
    double pos[MAXK][MAXD];         /* current centres (read-only during a pass) */
    long sum[MAXK][MAXD];           /* shared accumulators of the pass */
    long count[MAXK];
} centers_t;

/* Centres start at the first k points. */
void centers_init(centers_t *c, const points_t *p, int k);
/* Index of the centre nearest to point x (lowest index on ties). */
int centers_nearest(const centers_t *c, const int *x);
/* Adds point x to centre k's accumulators (callers make it atomic). */
void centers_accumulate(centers_t *c, int k, const int *x);
/* Points accumulated in this pass. */
long centers_total(const centers_t *c);
/* New centres from the accumulators (an empty cluster keeps its centre);
 * clears the accumulators. */
void centers_update(centers_t *c);
/* 1 if both hold the same centres, bit for bit. */
int centers_equal(const centers_t *a, const centers_t *b);

#endif
