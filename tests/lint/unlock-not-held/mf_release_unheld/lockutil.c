/*
 * lockutil.c -- part of unlock-not-held/mf_release_unheld (see main.c).
 * lock_table()/unlock_table() are consistent wrappers around
 * `table_lock`; the unlock inside unlock_table() is the call that runs
 * without the lock when main.c calls unlock_table() on its error path.
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
    pthread_mutex_unlock(&table_lock); // LINT: unlock-not-held#1
}
