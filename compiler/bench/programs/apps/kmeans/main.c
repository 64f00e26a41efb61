/* kmeans - k-means clustering (after STAMP's kmeans, written from scratch
 * for atomicc).
 *
 * Integer points in 4 dimensions around 12 hidden blobs are clustered into
 * 16 clusters.  Every pass, threads (cluster.c) take chunks of points from a
 * shared cursor (atomic block), find each point's nearest centre privately
 * and add the point to that centre's shared sums and count (an atomic block
 * calling lib/centers.c); one thread then computes the new centres between
 * two barriers.  Passes stop when no point changes cluster (at most 40).
 * Checks: in every pass the counts add up to the number of points; the
 * final centres and memberships equal those of a sequential run.
 *
 *   kmeans [-t THREADS] [-n POINTS] [-s SEED]
 */
#include "../common/apputil.h"
#include "cluster.h"

#define DEFAULT_POINTS 60000
#define DIMS 4
#define BLOBS 12
#define CLUSTERS 16
#define ITERATIONS 40

int main(int argc, char **argv)
{
    app_opts_t o = app_parse(argc, argv, "points (default 60000)");
    long n = o.size ? o.size : DEFAULT_POINTS;
    if (n < CLUSTERS)
        n = CLUSTERS;
    points_t pts;
    points_generate(&pts, n, DIMS, BLOBS, o.seed);

    static centers_t centers, reference;
    centers_init(&centers, &pts, CLUSTERS);
    static kmeans_job_t job;
    job.points = &pts;
    job.centers = &centers;
    job.membership = app_xmalloc(sizeof(int) * (size_t)n);
    for (long i = 0; i < n; i++)
        job.membership[i] = -1;
    job.max_iterations = ITERATIONS;
    pthread_barrier_init(&job.barrier, NULL, (unsigned)o.threads);

    kmeans_worker_t *w = app_xmalloc(sizeof(kmeans_worker_t) * (size_t)o.threads);
    for (int i = 0; i < o.threads; i++) {
        memset(&w[i], 0, sizeof w[i]);
        w[i].job = &job;
        w[i].id = i;
    }
    printf("kmeans: %d threads, %ld points, %d dimensions, %d clusters\n", o.threads, n, DIMS, CLUSTERS);
    double secs = app_run_threads(o.threads, kmeans_worker, w, sizeof(kmeans_worker_t));
    pthread_barrier_destroy(&job.barrier);

    app_checks_t chk = { 0, "" };
    int bad_pass = -1;
    for (int it = 0; it < job.iterations; it++)
        if (job.totals[it] != n && bad_pass < 0)
            bad_pass = it;
    app_check(&chk, bad_pass < 0, "counts per pass", bad_pass < 0 ? "%d passes, %ld points each" :
              "pass %d counted %ld of %ld points", bad_pass < 0 ? job.iterations : bad_pass,
              bad_pass < 0 ? n : job.totals[bad_pass], n);

    int *ref_member = app_xmalloc(sizeof(int) * (size_t)n);
    for (long i = 0; i < n; i++)
        ref_member[i] = -1;
    centers_init(&reference, &pts, CLUSTERS);
    int ref_it = kmeans_sequential(&pts, &reference, ref_member, ITERATIONS);
    long differ = 0;
    for (long i = 0; i < n; i++)
        if (ref_member[i] != job.membership[i])
            differ++;
    app_check(&chk, ref_it == job.iterations && differ == 0 && centers_equal(&reference, &centers),
              "equals sequential run", "%d vs %d passes, %ld memberships differ, centres %s",
              job.iterations, ref_it, differ, centers_equal(&reference, &centers) ? "equal" : "differ");
    long blocks = 0;
    for (int i = 0; i < o.threads; i++)
        blocks += w[i].blocks;
    printf("accumulate blocks: %ld\n", blocks);
    free(ref_member);
    free(job.membership);
    free(w);
    points_free(&pts);
    return app_finish(&chk, secs);
}
