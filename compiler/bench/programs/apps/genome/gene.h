/* gene.h - the input of genome: a random gene and its segments. */
#ifndef GENOME_GENE_H
#define GENOME_GENE_H

#include <stdint.h>

#define MAX_SEGMENT 64

typedef struct segment {
    char str[MAX_SEGMENT + 1];
    struct segment *succ;   /* the segment that overlaps our end, once linked */
    struct segment *pred;
} segment_t;

/* A random string of len characters over ACGT, with no repeated
 * (seglen - 1)-character substring (regenerated until so). */
char *gene_generate(long len, int seglen, uint64_t seed);
/* One segment at every start position 0 .. len - seglen, plus `extra`
 * duplicates of random ones, shuffled; *count gets the number. */
segment_t **gene_cut(const char *gene, long len, int seglen, long extra, uint64_t seed, long *count);
void gene_free_segments(segment_t **segs, long count);

#endif
