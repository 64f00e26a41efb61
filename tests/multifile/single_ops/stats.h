/* stats.h - counters shared by every file; each block is one operation */
#ifndef STATS_H
#define STATS_H

extern long events;                 /* stats.c; only ++ and loads */
extern unsigned long seen_mask;     /* stats.c; only |= and loads */
extern int last_writer;             /* stats.c; only stores and loads */

void a_add(long v);                 /* a.c: its own static total += v */
long a_total(void);
void b_add(void);                   /* b.c: its own static total++ */
long b_total(void);
long events_now(void);

#endif
