/* cluster.c - k-means passes: each thread takes chunks of points from a
 * shared cursor, finds each point's nearest centre privately and adds the
 * point to that centre's shared sums inside an atomic block. */
#include <stdlib.h>
#include "cluster.h"

/* Moves the job on to the next pass; run by one thread between barriers. */
static void serial_step(kmeans_job_t *job)
{
    int it = job->iterations;
    job->totals[it] = centers_total(job->centers);
    centers_update(job->centers);
    job->iterations = it + 1;
    if (job->changed == 0 || job->iterations >= job->max_iterations)
        job->done = 1;
    job->next = 0;
    job->changed = 0;
}

void *kmeans_worker(void *arg)
{
    kmeans_worker_t *w = arg;
    kmeans_job_t *job = w->job;
    const points_t *p = job->points;
    centers_t *c = job->centers;
    for (int pass = 0; pass < MAX_ITERATIONS; pass++) {
        long changed = 0;
        for (;;) {
            long start;
            atomic {
                start = job->next;
                job->next = start + CHUNK;
            }
            if (start >= p->n)
                break;
            long end = start + CHUNK < p->n ? start + CHUNK : p->n;
            for (long i = start; i < end; i++) {
                const int *x = point_at(p, i);
                int k = centers_nearest(c, x);
                if (job->membership[i] != k) {
                    job->membership[i] = k;     /* point i belongs to this thread in this pass */
                    changed++;
                }
                atomic {
                    centers_accumulate(c, k, x);
                }
                w->blocks++;
            }
        }
        atomic {
            job->changed += changed;
        }
        if (pthread_barrier_wait(&job->barrier) == PTHREAD_BARRIER_SERIAL_THREAD)
            serial_step(job);
        pthread_barrier_wait(&job->barrier);
        if (job->done)
            break;
    }
    return NULL;
}

int kmeans_sequential(const points_t *p, centers_t *c, int *membership, int max_iterations)
{
    int it = 0;
    while (it < max_iterations) {
        long changed = 0;
        for (long i = 0; i < p->n; i++) {
            int k = centers_nearest(c, point_at(p, i));
            if (membership[i] != k) {
                membership[i] = k;
                changed++;
            }
            centers_accumulate(c, k, point_at(p, i));
        }
        centers_update(c);
        it++;
        if (changed == 0)
            break;
    }
    return it;
}
