/* inc.c - defines the counter; the simplest block shape */
#include "counter.h"

long hits;

void hit(void)
{
    atomic { hits++; }
}
