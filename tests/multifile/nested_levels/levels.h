/* levels.h - three levels, each in its own file, each with its own block */
#ifndef LEVELS_H
#define LEVELS_H

extern long pool;            /* main.c */
extern long l1, l2, l3;      /* level1.c, level2.c, level3.c */

void l1_take(long n);        /* keeps 1, passes n-1 down to l2_take */
void l2_take(long n);        /* keeps 1, passes n-1 down to l3_take */
void l3_take(long n);
void l1_drain(void);         /* one from each level, deepest last */
void l2_drain(void);
void l3_drain(void);

#endif
