/* board.c - the board object and a reader of its 2-D field */
#include "board.h"

static struct board board;

struct board *the_board(void)
{
    return &board;
}

long held_total(const struct board *b)
{
    long s = 0;
    atomic {
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 8; j++)
                s += b->held[i][j];
    }
    return s;
}
