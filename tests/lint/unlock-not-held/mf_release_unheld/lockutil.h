/* lockutil.h -- lock helpers of unlock-not-held/mf_release_unheld. */
#ifndef LOCKUTIL_H
#define LOCKUTIL_H
#include <pthread.h>
void lock_table(void);
void unlock_table(void);
extern int table_rows;
#endif
