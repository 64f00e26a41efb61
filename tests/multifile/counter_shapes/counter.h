/* counter.h - the shared counter and the helpers that bump it */
#ifndef COUNTER_H
#define COUNTER_H

extern long hits;

void hit(void);          /* inc.c:  atomic { hits++; } */
void bump_two(void);     /* bump.c: atomic { hits += 2; } */
long read_hits(void);    /* bump.c: atomic { v = hits; } */

#endif
