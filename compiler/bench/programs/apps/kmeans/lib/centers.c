/* centers.c - k-means centres (see centers.h). */
#include <string.h>
#include "lib/centers.h"

void centers_init(centers_t *c, const points_t *p, int k)
{
    memset(c, 0, sizeof *c);
    c->k = k;
    c->d = p->d;
    for (int i = 0; i < k; i++)
        for (int j = 0; j < p->d; j++)
            c->pos[i][j] = point_at(p, i)[j];
}

int centers_nearest(const centers_t *c, const int *x)
{
    int best = 0;
    double best_d = 0;
    for (int i = 0; i < c->k; i++) {
        double dist = 0;
        for (int j = 0; j < c->d; j++) {
            double t = x[j] - c->pos[i][j];
            dist += t * t;
        }
        if (i == 0 || dist < best_d) {
            best = i;
            best_d = dist;
        }
    }
    return best;
}

void centers_accumulate(centers_t *c, int k, const int *x)
{
    for (int j = 0; j < c->d; j++)
        c->sum[k][j] += x[j];
    c->count[k]++;
}

long centers_total(const centers_t *c)
{
    long n = 0;
    for (int i = 0; i < c->k; i++)
        n += c->count[i];
    return n;
}

void centers_update(centers_t *c)
{
    for (int i = 0; i < c->k; i++) {
        if (c->count[i] > 0)
            for (int j = 0; j < c->d; j++)
                c->pos[i][j] = (double)c->sum[i][j] / (double)c->count[i];
        for (int j = 0; j < c->d; j++)
            c->sum[i][j] = 0;
        c->count[i] = 0;
    }
}

int centers_equal(const centers_t *a, const centers_t *b)
{
    if (a->k != b->k || a->d != b->d)
        return 0;
    for (int i = 0; i < a->k; i++)
        for (int j = 0; j < a->d; j++)
            if (a->pos[i][j] != b->pos[i][j])
                return 0;
    return 1;
}
