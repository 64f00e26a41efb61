/* maze.c - see maze.h. */
#include <stdlib.h>
#include "maze.h"

static uint64_t rnd(uint64_t *s)
{
    uint64_t x = *s;        /* xorshift64* */
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 2685821657736338717ULL;
}

void maze_generate(maze_t *m, int width, int height, int depth, int npairs, int pct_walls, uint64_t seed)
{
    uint64_t s = seed * 0x5851F42D4C957F2DULL + 99;
    if (s == 0)
        s = 1;
    grid_t *g = grid_new(width, height, depth);
    m->grid = g;
    m->endpoint = calloc((size_t)g->ncells, sizeof(int));
    m->pairs = calloc((size_t)npairs, sizeof(pair_t));
    if (!m->endpoint || !m->pairs)
        abort();
    for (long i = 0; i < g->ncells; i++)
        if ((long)((rnd(&s) >> 11) % 100) < pct_walls)
            g->cells[i] = GRID_WALL;
    int made = 0;
    for (long tries = 0; made < npairs && tries < 100L * npairs + 1000; tries++) {
        long a = (long)((rnd(&s) >> 11) % (uint64_t)g->ncells);
        long b = (long)((rnd(&s) >> 11) % (uint64_t)g->ncells);
        if (a == b || g->cells[a] != GRID_FREE || g->cells[b] != GRID_FREE || m->endpoint[a] || m->endpoint[b])
            continue;
        pair_t *p = &m->pairs[made++];
        p->id = made;
        p->src = a;
        p->dst = b;
        m->endpoint[a] = m->endpoint[b] = p->id;
    }
    m->npairs = made;
}

void maze_free(maze_t *m)
{
    for (int i = 0; i < m->npairs; i++)
        free(m->pairs[i].path);
    free(m->pairs);
    free(m->endpoint);
    grid_free(m->grid);
}

static int adjacent(const grid_t *g, long a, long b)
{
    int ax, ay, az, bx, by, bz;
    grid_coords(g, a, &ax, &ay, &az);
    grid_coords(g, b, &bx, &by, &bz);
    return abs(ax - bx) + abs(ay - by) + abs(az - bz) == 1;
}

void maze_check(const maze_t *m, maze_report_t *r)
{
    const grid_t *g = m->grid;
    r->routed = r->unrouted = r->bad_paths = r->stray_cells = r->path_cells = 0;
    for (int i = 0; i < m->npairs; i++) {
        const pair_t *p = &m->pairs[i];
        if (!p->path) {
            r->unrouted++;
            continue;
        }
        r->routed++;
        r->path_cells += p->len;
        int bad = p->len < 2 || p->path[0] != p->src || p->path[p->len - 1] != p->dst;
        for (long k = 0; k < p->len && !bad; k++) {
            long c = p->path[k];
            if (c < 0 || c >= g->ncells || g->cells[c] != p->id)
                bad = 1;
            else if (k > 0 && !adjacent(g, p->path[k - 1], c))
                bad = 1;
        }
        r->bad_paths += bad;
    }
    /* disjoint: each routed path owns exactly its cells, nobody else's */
    long owned = 0;
    for (long c = 0; c < g->ncells; c++) {
        int v = g->cells[c];
        if (v > 0) {
            owned++;
            if (v > m->npairs || !m->pairs[v - 1].path)
                r->stray_cells++;
        }
    }
    if (owned != r->path_cells)
        r->stray_cells += owned > r->path_cells ? owned - r->path_cells : r->path_cells - owned;
}
