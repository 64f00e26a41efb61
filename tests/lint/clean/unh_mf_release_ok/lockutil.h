/* lockutil.h -- lock helpers of clean/unh_mf_release_ok. */
#ifndef LOCKUTIL_H
#define LOCKUTIL_H
#include <pthread.h>
void lock_table(void);
void unlock_table(void);
extern int table_rows;
#endif
