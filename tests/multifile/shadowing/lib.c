/*
 * lib.c - blocks on the globals next to locals and parameters of the
 * same names.
 */
#include "shared.h"

void add_batch(int n)
{
    atomic { total += n; }              /* the global */
    {
        long total = 0;                 /* a local: shadows the global */
        for (int i = 0; i < n; i++)
            total += i;
        atomic { checksum += total; }   /* the global checksum, the local total */
    }
}

void mark(long count)                   /* the parameter shadows the global count */
{
    atomic {
        table[count % 8]++;
        {
            extern long count;          /* the global again */
            count++;
        }
    }
}
