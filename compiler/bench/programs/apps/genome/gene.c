/* gene.c - generate the gene and cut it into overlapping segments. */
#include <stdlib.h>
#include <string.h>
#include "gene.h"
#include "lib/hashset.h"

static uint64_t rnd(uint64_t *s)
{
    uint64_t x = *s;        /* xorshift64* */
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 2685821657736338717ULL;
}

/* 1 if some k-substring of g occurs twice. */
static int has_repeat(const char *g, long len, int k)
{
    hashset_t *s = hashset_new((unsigned long)len, k, hs_hash_fnv, hs_equal_bytes);
    int rep = 0;
    for (long i = 0; i + k <= len && !rep; i++)
        if (!hashset_insert(s, g + i, NULL))
            rep = 1;
    hashset_free(s);
    return rep;
}

char *gene_generate(long len, int seglen, uint64_t seed)
{
    static const char bases[4] = { 'A', 'C', 'G', 'T' };
    uint64_t s = seed * 2654435761ULL + 1;
    char *g = malloc((size_t)len + 1);
    if (!g)
        abort();
    for (int attempt = 0; attempt < 100; attempt++) {
        for (long i = 0; i < len; i++)
            g[i] = bases[(rnd(&s) >> 33) & 3];
        g[len] = '\0';
        if (!has_repeat(g, len, seglen - 1))
            break;
    }
    return g;
}

segment_t **gene_cut(const char *gene, long len, int seglen, long extra, uint64_t seed, long *count)
{
    uint64_t s = seed * 40503ULL + 17;
    long starts = len - seglen + 1, n = starts + extra;
    segment_t **segs = malloc(sizeof *segs * (size_t)n);
    if (!segs)
        abort();
    for (long i = 0; i < n; i++) {
        long at = i < starts ? i : (long)(rnd(&s) % (uint64_t)starts);
        segment_t *x = malloc(sizeof *x);
        if (!x)
            abort();
        memcpy(x->str, gene + at, (size_t)seglen);
        x->str[seglen] = '\0';
        x->succ = x->pred = NULL;
        segs[i] = x;
    }
    for (long i = n - 1; i > 0; i--) {
        long j = (long)(rnd(&s) % (uint64_t)(i + 1));
        segment_t *t = segs[i];
        segs[i] = segs[j];
        segs[j] = t;
    }
    *count = n;
    return segs;
}

void gene_free_segments(segment_t **segs, long count)
{
    for (long i = 0; i < count; i++)
        free(segs[i]);
    free(segs);
}
