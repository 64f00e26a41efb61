/* cluster.h - the parallel k-means passes and a sequential reference. */
#ifndef KMEANS_CLUSTER_H
#define KMEANS_CLUSTER_H

#include <pthread.h>
#include "lib/centers.h"

#define MAX_ITERATIONS 64
#define CHUNK 256                   /* points taken from the shared cursor at once */

typedef struct kmeans_job {
    const points_t *points;
    centers_t *centers;
    int *membership;                /* cluster of each point */
    int max_iterations;
    pthread_barrier_t barrier;      /* between passes */
    /* shared per pass */
    long next;                      /* first point not yet taken */
    long changed;                   /* points that changed cluster */
    /* written by the serial step */
    int iterations;
    int done;
    long totals[MAX_ITERATIONS];    /* points accumulated in each pass */
} kmeans_job_t;

typedef struct kmeans_worker {
    kmeans_job_t *job;
    int id;
    long blocks;                    /* accumulate blocks this thread ran */
    char pad[64];
} kmeans_worker_t;

void *kmeans_worker(void *arg);
/* The same passes on one thread with no atomic blocks; returns the iterations. */
int kmeans_sequential(const points_t *p, centers_t *c, int *membership, int max_iterations);

#endif
