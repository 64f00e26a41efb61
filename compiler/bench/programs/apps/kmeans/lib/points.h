/* points.h - a set of integer points in D dimensions, generated around a
 * few hidden centres from a seed. */
#ifndef KMEANS_POINTS_H
#define KMEANS_POINTS_H

#include <stdint.h>

#define MAXD 8

typedef struct points {
    long n;
    int d;
    int *coord;             /* n * d values, point i at coord + i * d */
} points_t;

/* n points in d dimensions (d <= MAXD), coordinates in [0, 10000), in
 * `blobs` clusters with Gaussian-ish noise; deterministic in seed. */
void points_generate(points_t *p, long n, int d, int blobs, uint64_t seed);
void points_free(points_t *p);

static inline const int *point_at(const points_t *p, long i)
{
    return p->coord + i * p->d;
}

#endif
