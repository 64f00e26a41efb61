/* sequencer.c - genome's three parallel phases, separated by barriers:
 *   1. every thread inserts its share of the input segments into the shared
 *      set of unique segments; the copy that wins is the thread's to index;
 *   2. it indexes its unique segments by their first seglen-1 characters;
 *   3. it links each of its segments to the one whose prefix equals the
 *      segment's last seglen-1 characters.
 * Each insertion or link is one atomic block calling lib/hashset.c, which
 * hashes and compares through the set's function-pointer fields. */
#include <stdlib.h>
#include <string.h>
#include "sequencer.h"

void seq_job_init(seq_job_t *job, segment_t **input, long n, int seglen, int nthreads)
{
    job->input = input;
    job->ninput = n;
    job->seglen = seglen;
    job->nthreads = nthreads;
    job->unique = hashset_new((unsigned long)n, seglen, hs_hash_fnv, hs_equal_bytes);
    job->prefixes = hashset_new((unsigned long)n, seglen - 1, hs_hash_poly, hs_equal_bytes);
    pthread_barrier_init(&job->barrier, NULL, (unsigned)nthreads);
}

void seq_job_destroy(seq_job_t *job)
{
    hashset_free(job->unique);
    hashset_free(job->prefixes);
    pthread_barrier_destroy(&job->barrier);
}

void *seq_worker(void *arg)
{
    seq_worker_t *w = arg;
    seq_job_t *job = w->job;
    long per = (job->ninput + job->nthreads - 1) / job->nthreads;
    long lo = per * w->id, hi = lo + per < job->ninput ? lo + per : job->ninput;
    w->mine = malloc(sizeof(segment_t *) * (size_t)(per > 0 ? per : 1));
    if (!w->mine)
        abort();
    w->nmine = 0;

    /* 1. deduplicate */
    for (long i = lo; i < hi; i++) {
        segment_t *s = job->input[i];
        int added;
        atomic {
            added = hashset_insert(job->unique, s->str, s);
        }
        if (added)
            w->mine[w->nmine++] = s;
    }
    pthread_barrier_wait(&job->barrier);

    /* 2. index by prefix */
    for (long i = 0; i < w->nmine; i++) {
        segment_t *s = w->mine[i];
        atomic {
            hashset_insert(job->prefixes, s->str, s);
        }
    }
    pthread_barrier_wait(&job->barrier);

    /* 3. link each segment to the one that continues it */
    long links = 0;
    for (long i = 0; i < w->nmine; i++) {
        segment_t *s = w->mine[i];
        int linked = 0;
        atomic {
            segment_t *t = hashset_find(job->prefixes, s->str + 1);
            if (t != NULL && t != s && t->pred == NULL && s->succ == NULL) {
                s->succ = t;
                t->pred = s;
                linked = 1;
            }
        }
        links += linked;
    }
    w->links = links;
    return NULL;
}

char *seq_assemble(seq_worker_t *w, int nthreads, int seglen, long *nunique, const char **why)
{
    long n = 0, starts = 0;
    segment_t *first = NULL;
    for (int t = 0; t < nthreads; t++) {
        n += w[t].nmine;
        for (long i = 0; i < w[t].nmine; i++)
            if (w[t].mine[i]->pred == NULL) {
                starts++;
                first = w[t].mine[i];
            }
    }
    *nunique = n;
    if (starts != 1) {
        *why = starts ? "more than one segment without a predecessor" : "no segment without a predecessor";
        return NULL;
    }
    char *out = malloc((size_t)(n + seglen + 1));
    if (!out)
        abort();
    memcpy(out, first->str, (size_t)seglen);
    long len = seglen, walked = 1;
    for (segment_t *s = first->succ; s && walked < n; s = s->succ) {
        out[len++] = s->str[seglen - 1];
        walked++;
    }
    out[len] = '\0';
    if (walked != n) {
        *why = "the chain does not reach every unique segment";
        free(out);
        return NULL;
    }
    *why = "";
    return out;
}
