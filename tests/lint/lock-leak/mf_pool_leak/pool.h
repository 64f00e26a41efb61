/* pool.h -- buffer pool of lock-leak/mf_pool_leak (see main.c). */
#ifndef POOL_H
#define POOL_H
int pool_get(int size);
void pool_put(int idx);
#endif
