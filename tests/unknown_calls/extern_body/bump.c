/*
 * bump.c - compiled with plain gcc into an object that is linked with
 * main.c: the bodies of these functions are in no file atomicc is given,
 * so it must assume they may touch whatever they can reach.
 */
#include "bump.h"

extern long named;                  /* main.c; never passed to this file */
static long *remembered;

/* each update reads, dawdles, writes: unless the callers exclude every
   other update of the same counter, some are lost */
static void add_one(long *p)
{
    long v = *p;
    for (volatile int k = 0; k < 8; k++)
        ;
    *p = v + 1;
}

void bump(long *p)
{
    add_one(p);
}

void bump_named(void)
{
    add_one(&named);
}

void remember(long *p)
{
    remembered = p;
}

void bump_remembered(void)
{
    add_one(remembered);
}

void (*get_bumper(void))(long *)
{
    return add_one;
}
