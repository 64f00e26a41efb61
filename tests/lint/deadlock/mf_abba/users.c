/*
 * users.c -- part of deadlock/mf_abba (see main.c).  `users_lock` guards
 * the user table.  add_user_to_group() holds users_lock and calls
 * group_touch() in groups.c, which takes groups_lock: the edge
 * users_lock -> groups_lock of deadlock#1.
 */
#include <pthread.h>
#include "registry.h"

static pthread_mutex_t users_lock = PTHREAD_MUTEX_INITIALIZER;
static int user_seen[64];

void user_touch(int uid)
{
    pthread_mutex_lock(&users_lock); // LINT: deadlock#1
    user_seen[uid % 64]++;
    pthread_mutex_unlock(&users_lock);
}

void add_user_to_group(int uid, int gid)
{
    pthread_mutex_lock(&users_lock);
    user_seen[uid % 64]++;
    group_touch(gid); // LINT: deadlock#1
    pthread_mutex_unlock(&users_lock);
}
