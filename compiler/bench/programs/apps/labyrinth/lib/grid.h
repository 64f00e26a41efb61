/* grid.h - a 3-D routing grid.  A cell is GRID_FREE, GRID_WALL or the
 * (positive) id of the path that occupies it. */
#ifndef LABYRINTH_GRID_H
#define LABYRINTH_GRID_H

#define GRID_FREE 0
#define GRID_WALL (-1)

typedef struct grid {
    int width, height, depth;
    long ncells;
    int *cells;             /* index (z * height + y) * width + x */
} grid_t;

grid_t *grid_new(int width, int height, int depth);
void grid_free(grid_t *g);
/* dst must have src's dimensions (call inside an atomic block for a
 * consistent snapshot of a shared grid). */
void grid_copy(grid_t *dst, const grid_t *src);
long grid_index(const grid_t *g, int x, int y, int z);
void grid_coords(const grid_t *g, long i, int *x, int *y, int *z);
/* Up to 6 neighbours of cell i, into out; returns how many. */
int grid_neighbours(const grid_t *g, long i, long out[6]);
/* 1 if every cell of the path is free (the caller makes these atomic). */
int grid_path_is_free(const grid_t *g, const long *path, long len);
void grid_claim(grid_t *g, const long *path, long len, int id);

#endif
