/*
 * lockutil.c -- part of clean/unh_mf_release_ok (see main.c).
 * Consistent wrappers around `table_lock`.
 */
#include "lockutil.h"

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
int table_rows;

void lock_table(void)
{
    pthread_mutex_lock(&table_lock);
}

void unlock_table(void)
{
    pthread_mutex_unlock(&table_lock);
}
