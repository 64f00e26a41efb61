/* parts.h - each part keeps its own `static long count` and `static void bump` */
#ifndef PARTS_H
#define PARTS_H

void a_take(long n);     /* a.c: its count -= n (inside a block) */
void b_put(long n);      /* b.c: its count += n (inside a block) */
long a_count(void);
long b_count(void);
long a_calls(void);
long b_calls(void);

#endif
