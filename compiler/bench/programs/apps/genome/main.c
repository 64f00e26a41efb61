/* genome - gene sequencing (after STAMP's genome, written from scratch for
 * atomicc).
 *
 * A random gene over ACGT (no repeated 23-mer) is cut into 24-character
 * segments, one at every position plus 50 % duplicates, shuffled.  Threads
 * (sequencer.c) deduplicate them in a shared hash set, index the unique ones
 * by prefix in a second set and link every segment to its successor, each
 * step an atomic block calling lib/hashset.c.  Checks: the number of unique
 * segments is the number of positions, and following the links rebuilds
 * the original gene exactly.
 *
 *   genome [-t THREADS] [-n GENE_LENGTH] [-s SEED]
 */
#include "../common/apputil.h"
#include "sequencer.h"

#define DEFAULT_LENGTH 65536
#define SEGLEN 24

int main(int argc, char **argv)
{
    app_opts_t o = app_parse(argc, argv, "gene length (default 65536)");
    long len = o.size ? o.size : DEFAULT_LENGTH;
    if (len < 2 * SEGLEN)
        len = 2 * SEGLEN;
    char *gene = gene_generate(len, SEGLEN, o.seed);
    long nseg;
    segment_t **segs = gene_cut(gene, len, SEGLEN, len / 2, o.seed, &nseg);

    static seq_job_t job;
    seq_job_init(&job, segs, nseg, SEGLEN, o.threads);
    seq_worker_t *w = app_xmalloc(sizeof(seq_worker_t) * (size_t)o.threads);
    for (int i = 0; i < o.threads; i++) {
        memset(&w[i], 0, sizeof w[i]);
        w[i].job = &job;
        w[i].id = i;
    }
    printf("genome: %d threads, gene of %ld, %ld segments of %d\n", o.threads, len, nseg, SEGLEN);
    double secs = app_run_threads(o.threads, seq_worker, w, sizeof(seq_worker_t));

    app_checks_t chk = { 0, "" };
    long expect = len - SEGLEN + 1, nunique = 0, links = 0;
    long in_set = hashset_count(job.unique);
    for (int i = 0; i < o.threads; i++)
        links += w[i].links;
    const char *why;
    char *rebuilt = seq_assemble(w, o.threads, SEGLEN, &nunique, &why);
    app_check(&chk, nunique == expect && in_set == expect, "unique segments",
              "%ld inserted, %ld in the set, expected %ld", nunique, in_set, expect);
    app_check(&chk, links == expect - 1, "links", "%ld, expected %ld", links, expect - 1);
    int same = rebuilt && (long)strlen(rebuilt) == len && memcmp(rebuilt, gene, (size_t)len) == 0;
    app_check(&chk, same, "rebuilt gene", rebuilt ? (same ? "%ld characters equal" : "%ld characters, differs")
              : "%ld: %s", rebuilt ? (long)strlen(rebuilt) : 0L, why);

    free(rebuilt);
    for (int i = 0; i < o.threads; i++)
        free(w[i].mine);
    free(w);
    seq_job_destroy(&job);
    gene_free_segments(segs, nseg);
    free(gene);
    return app_finish(&chk, secs);
}
