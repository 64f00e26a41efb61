/*
 * main.c -- unlock-not-held/mf_release_unheld, a two-file program
 * (main.c, lockutil.c, lockutil.h); pattern: "release wrapper called on a
 * path that never acquired".
 *
 * add_rows() returns through unlock_table() on its error path, but the
 * error check comes before lock_table(): the wrapper's unlock (in
 * lockutil.c) runs without the lock: unlock-not-held#1, tagged at the
 * wrapper call here and at the unlock inside the wrapper.  Every other
 * call of unlock_table() follows lock_table().
 */
#include <stdio.h>
#include "lockutil.h"

static int add_rows(int n)
{
    if (n <= 0) {
        unlock_table(); // LINT: unlock-not-held#1
        return -1;
    }
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
