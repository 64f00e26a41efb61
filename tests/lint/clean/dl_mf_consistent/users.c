/*
 * users.c -- part of clean/dl_mf_consistent (see main.c).
 * add_user_to_group() holds users_lock and calls group_touch() (groups.c):
 * edge users_lock -> groups_lock, the only edge of the program.
 */
#include <pthread.h>
#include "registry.h"

static pthread_mutex_t users_lock = PTHREAD_MUTEX_INITIALIZER;
static int user_seen[64];

void add_user_to_group(int uid, int gid)
{
    pthread_mutex_lock(&users_lock);
    user_seen[uid % 64]++;
    group_touch(gid);
    pthread_mutex_unlock(&users_lock);
}
