/* maze.h - labyrinth's input (a grid with walls, source/destination pairs)
 * and the check of the routed result. */
#ifndef LABYRINTH_MAZE_H
#define LABYRINTH_MAZE_H

#include <stdint.h>
#include "lib/grid.h"

typedef struct pair {
    int id;                 /* 1 .. npairs, the value its path writes into the grid */
    long src, dst;          /* cell indices */
    long *path;             /* src .. dst once routed, else NULL */
    long len;
} pair_t;

typedef struct maze {
    grid_t *grid;           /* shared */
    pair_t *pairs;
    int npairs;
    int *endpoint;          /* per cell: id of the pair it is an end of, or 0 (read-only) */
} maze_t;

/* Random walls (pct_walls percent of the cells) and npairs pairs of distinct
 * free end cells; deterministic in seed. */
void maze_generate(maze_t *m, int width, int height, int depth, int npairs, int pct_walls, uint64_t seed);
void maze_free(maze_t *m);

typedef struct maze_report {
    long routed, unrouted;
    long bad_paths;         /* wrong ends, gaps, revisits, or a cell not holding the path's id */
    long stray_cells;       /* cells holding an id that no routed path accounts for */
    long path_cells;
} maze_report_t;

void maze_check(const maze_t *m, maze_report_t *r);

#endif
