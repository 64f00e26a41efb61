/*
 * main.c -- clean/dl_mf_consistent, a three-file program (main.c, users.c,
 * groups.c, registry.h); near miss of deadlock/mf_abba; pattern:
 * "consistent lock order across files".
 *
 * Only users.c nests locks (users_lock -> groups_lock through
 * group_touch()); groups.c never calls into users.c while holding
 * groups_lock.  One edge, no cycle.  All data is accessed under its lock.
 * No finding.
// NEAR-MISS: deadlock
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>
#include "registry.h"

static void *enroller(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++)
        add_user_to_group(i, i % 7);
    return NULL;
}

static void *renamer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++)
        rename_group(i % 7);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, enroller, NULL);
    pthread_create(&b, NULL, renamer, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    puts("done");
    return 0;
}
