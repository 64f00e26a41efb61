/* pool.h -- buffer pool of clean/ll_mf_pool (see main.c). */
#ifndef POOL_H
#define POOL_H
int pool_get(int size);
void pool_put(int idx);
#endif
