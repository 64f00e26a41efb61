/* grid.c - a 3-D extern array and its own updater */
#include "board.h"

long grid[3][4][5];

void grid_add(int a, int b, int c, long v)
{
    atomic { grid[a][b][c] += v; }
}
