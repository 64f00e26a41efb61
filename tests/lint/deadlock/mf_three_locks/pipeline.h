/* pipeline.h -- locks shared by the files of deadlock/mf_three_locks. */
#ifndef PIPELINE_H
#define PIPELINE_H
#include <pthread.h>
extern pthread_mutex_t in_lock, mid_lock, out_lock;
extern int in_count, mid_count, out_count;
void *stage_in(void *arg);
void *stage_mid(void *arg);
void *stage_out(void *arg);
#endif
