/*
 * main.c -- deadlock/mf_abba, a three-file program (main.c, users.c,
 * groups.c, registry.h); pattern: "ABBA across files through helpers".
 *
 * Each lock is static to its own file and no function takes two locks
 * textually.  users.c: add_user_to_group() holds users_lock and calls
 * group_touch() (groups.c), which takes groups_lock.  groups.c:
 * rename_group() holds groups_lock and calls user_touch() (users.c),
 * which takes users_lock.  The two threads started here call one each and
 * overlap: deadlock#1, tagged at both inner lock calls and both call
 * lines (all in users.c and groups.c).
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
