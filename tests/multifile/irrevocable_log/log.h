/* log.h - progress counting with a milestone report printed from a block */
#ifndef LOG_H
#define LOG_H

extern long done;
void tick(void);                          /* counter.c: its block may print */
void milestone(const char *what, long n); /* report.c: printf + fflush */
long pairs_total(void);                   /* counter.c */
void pair_move(int from, int to);         /* counter.c: no I/O */

#endif
