/*
 * groups.c -- part of clean/dl_mf_consistent (see main.c).
 * rename_group() takes only groups_lock, through group_touch(); it no
 * longer calls back into users.c while holding it.
 */
#include <pthread.h>
#include "registry.h"

static pthread_mutex_t groups_lock = PTHREAD_MUTEX_INITIALIZER;
static int group_gen[16];
static int renames;

void group_touch(int gid)
{
    pthread_mutex_lock(&groups_lock);
    group_gen[gid % 16]++;
    pthread_mutex_unlock(&groups_lock);
}

void rename_group(int gid)
{
    group_touch(gid);
    pthread_mutex_lock(&groups_lock);
    renames++;
    pthread_mutex_unlock(&groups_lock);
}
