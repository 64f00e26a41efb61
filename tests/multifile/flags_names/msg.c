/* msg.c - messages whose `flags` is a short member */
#include "parts.h"

struct msg msgs[NK];

void msg_mark(int k)
{
    atomic {
        msgs[k].flags = (short)(msgs[k].flags + 1);
        msgs[k].total += 3;
    }
}
