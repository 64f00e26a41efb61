/* sequencer.h - genome's parallel phases: deduplicate, index, link. */
#ifndef GENOME_SEQUENCER_H
#define GENOME_SEQUENCER_H

#include <pthread.h>
#include "gene.h"
#include "lib/hashset.h"

typedef struct seq_job {
    segment_t **input;
    long ninput;
    int seglen;
    int nthreads;
    hashset_t *unique;          /* whole segments -> first copy seen */
    hashset_t *prefixes;        /* first seglen-1 characters -> segment */
    pthread_barrier_t barrier;
} seq_job_t;

typedef struct seq_worker {
    seq_job_t *job;
    int id;
    segment_t **mine;           /* the unique segments this thread inserted */
    long nmine;
    long links;                 /* links it made */
    char pad[64];
} seq_worker_t;

void seq_job_init(seq_job_t *job, segment_t **input, long n, int seglen, int nthreads);
void seq_job_destroy(seq_job_t *job);
void *seq_worker(void *arg);
/* Follows the links from the only segment without a predecessor; returns
 * the reconstructed string (malloc'ed) or NULL, with a reason in why. */
char *seq_assemble(seq_worker_t *w, int nthreads, int seglen, long *nunique, const char **why);

#endif
