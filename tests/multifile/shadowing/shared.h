/* shared.h - globals whose names other files reuse for locals */
#ifndef SHARED_H
#define SHARED_H

extern long total;          /* globals.c */
extern long count;
extern long checksum;
extern long table[8];

void add_batch(int n);      /* lib.c */
void mark(long count);
long next_ticket(void);     /* main.c: a static local named total */

#endif
