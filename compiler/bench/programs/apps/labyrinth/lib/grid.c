/* grid.c - see grid.h. */
#include <stdlib.h>
#include "lib/grid.h"

grid_t *grid_new(int width, int height, int depth)
{
    grid_t *g = malloc(sizeof *g);
    if (!g)
        abort();
    g->width = width;
    g->height = height;
    g->depth = depth;
    g->ncells = (long)width * height * depth;
    g->cells = calloc((size_t)g->ncells, sizeof(int));
    if (!g->cells)
        abort();
    return g;
}

void grid_free(grid_t *g)
{
    free(g->cells);
    free(g);
}

void grid_copy(grid_t *dst, const grid_t *src)
{
    long n = src->ncells;
    for (long i = 0; i < n; i++)
        dst->cells[i] = src->cells[i];
}

long grid_index(const grid_t *g, int x, int y, int z)
{
    return ((long)z * g->height + y) * g->width + x;
}

void grid_coords(const grid_t *g, long i, int *x, int *y, int *z)
{
    *x = (int)(i % g->width);
    *y = (int)(i / g->width % g->height);
    *z = (int)(i / ((long)g->width * g->height));
}

int grid_neighbours(const grid_t *g, long i, long out[6])
{
    int x, y, z, n = 0;
    grid_coords(g, i, &x, &y, &z);
    if (x > 0)
        out[n++] = i - 1;
    if (x + 1 < g->width)
        out[n++] = i + 1;
    if (y > 0)
        out[n++] = i - g->width;
    if (y + 1 < g->height)
        out[n++] = i + g->width;
    if (z > 0)
        out[n++] = i - (long)g->width * g->height;
    if (z + 1 < g->depth)
        out[n++] = i + (long)g->width * g->height;
    return n;
}

int grid_path_is_free(const grid_t *g, const long *path, long len)
{
    for (long k = 0; k < len; k++)
        if (g->cells[path[k]] != GRID_FREE)
            return 0;
    return 1;
}

void grid_claim(grid_t *g, const long *path, long len, int id)
{
    for (long k = 0; k < len; k++)
        g->cells[path[k]] = id;
}
