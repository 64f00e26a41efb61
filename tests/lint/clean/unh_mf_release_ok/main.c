/*
 * main.c -- clean/unh_mf_release_ok, a two-file program (main.c,
 * lockutil.c, lockutil.h); near miss of unlock-not-held/mf_release_unheld;
 * pattern: "release wrapper only after acquire wrapper".
 *
 * The error path returns before lock_table() without calling
 * unlock_table(); every unlock_table() call follows lock_table() on the
 * same path.  table_rows is only written between the two.
 * No finding.
// NEAR-MISS: unlock-not-held lock-leak
// LINT-CLEAN
 */
#include <stdio.h>
#include "lockutil.h"

static int add_rows(int n)
{
    if (n <= 0)
        return -1;
    lock_table();
    table_rows += n;
    unlock_table();
    return 0;
}

static void *loader(void *arg)
{
    return (void *)(long)add_rows((int)(long)arg);
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, loader, (void *)4L);
    pthread_create(&b, NULL, loader, (void *)0L);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%d\n", table_rows);
    return 0;
}
