/* registry.h -- shared by the files of double-lock/mf_relock (see main.c). */
#ifndef REGISTRY_H
#define REGISTRY_H
#include <pthread.h>
extern pthread_mutex_t reg_lock;
int reg_count(void);
void reg_add(int id);
#endif
