/*
 * groups.c -- part of deadlock/mf_abba (see main.c).  `groups_lock` guards
 * the group table.  rename_group() holds groups_lock and calls
 * user_touch() in users.c, which takes users_lock: the edge
 * groups_lock -> users_lock of deadlock#1.
 */
#include <pthread.h>
#include "registry.h"

static pthread_mutex_t groups_lock = PTHREAD_MUTEX_INITIALIZER;
static int group_gen[16];

void group_touch(int gid)
{
    pthread_mutex_lock(&groups_lock); // LINT: deadlock#1
    group_gen[gid % 16]++;
    pthread_mutex_unlock(&groups_lock);
}

void rename_group(int gid)
{
    pthread_mutex_lock(&groups_lock);
    group_gen[gid % 16]++;
    user_touch(gid * 4); // LINT: deadlock#1
    pthread_mutex_unlock(&groups_lock);
}
