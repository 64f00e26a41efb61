/* points.c - deterministic input for kmeans. */
#include <stdlib.h>
#include "lib/points.h"

static uint64_t next(uint64_t *s)
{
    uint64_t x = *s;        /* splitmix64 */
    x += 0x9E3779B97F4A7C15ULL;
    *s = x;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

static int uniform(uint64_t *s, int n)
{
    return (int)(next(s) % (uint64_t)n);
}

void points_generate(points_t *p, long n, int d, int blobs, uint64_t seed)
{
    uint64_t s = seed * 31 + 7;
    int centre[64][MAXD];
    if (blobs > 64)
        blobs = 64;
    if (d > MAXD)
        d = MAXD;
    for (int b = 0; b < blobs; b++)
        for (int j = 0; j < d; j++)
            centre[b][j] = 1000 + uniform(&s, 8000);
    p->n = n;
    p->d = d;
    p->coord = malloc(sizeof(int) * (size_t)(n * d));
    if (!p->coord)
        abort();
    for (long i = 0; i < n; i++) {
        int b = uniform(&s, blobs);
        for (int j = 0; j < d; j++) {
            /* sum of four uniforms: a bell around the centre */
            int noise = uniform(&s, 400) + uniform(&s, 400) + uniform(&s, 400) + uniform(&s, 400) - 800;
            int v = centre[b][j] + noise;
            p->coord[i * d + j] = v < 0 ? 0 : v > 9999 ? 9999 : v;
        }
    }
}

void points_free(points_t *p)
{
    free(p->coord);
    p->coord = NULL;
}
