/* ops.h - a function pointer whose target comes from the dynamic linker */
#ifndef OPS_H
#define OPS_H

extern long (*magnitude)(long);   /* ops.c: set by ops_init() from dlsym() */
extern long total, calls;         /* ops.c */
void ops_init(void);
void account(long v);             /* ops.c: a block that calls through magnitude */

#endif
