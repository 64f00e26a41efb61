/* board.h - a struct with two-dimensional array fields, and a 3-D global */
#ifndef BOARD_H
#define BOARD_H

struct board {
    long held[4][8];
    long m[3][5];
    int moves;
};

extern long grid[3][4][5];          /* grid.c */

struct board *the_board(void);      /* board.c */
long held_total(const struct board *b);
void grid_add(int a, int b, int c, long v);

#endif
