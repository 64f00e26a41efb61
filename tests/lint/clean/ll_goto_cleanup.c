/*
 * ll_goto_cleanup.c -- near miss of lock-leak/goto_wrong_label.c;
 * pattern: "goto cleanup ladder used correctly".
 *
 * Every error after the lock jumps to `out_unlock`, which unlocks and falls
 * into `out`; the only jump to `out` happens before the lock is taken.
 * No finding.
// NEAR-MISS: lock-leak unlock-not-held
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static int table[32];

static int parse_record(int key, int value)
{
    int rc = -1;
    if (key < 0)
        goto out;
    pthread_mutex_lock(&table_lock);
    if (value < 0)
        goto out_unlock;
    table[key % 32] = value;
    rc = 0;
out_unlock:
    pthread_mutex_unlock(&table_lock);
out:
    return rc;
}

static void *loader(void *arg)
{
    long v = (long)arg;
    for (int i = 0; i < 10; i++)
        parse_record((int)v + i, (int)v - 3 + i);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, loader, (void *)2L);
    pthread_create(&b, NULL, loader, (void *)-5L);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%d\n", table[3]);
    return 0;
}
