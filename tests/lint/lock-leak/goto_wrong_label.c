/*
 * goto_wrong_label.c -- pattern: "goto to the wrong cleanup label".
 *
 * parse_record() uses the usual goto cleanup ladder: `out_unlock:` unlocks,
 * `out:` only returns.  The validation error after the lock jumps to
 * `out` instead of `out_unlock`, so that path returns holding
 * `table_lock`: lock-leak#1 (tagged at the acquisition, at the wrong goto,
 * and at the return it reaches).  The early `goto out` before the lock is
 * correct.
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
    pthread_mutex_lock(&table_lock); // LINT: lock-leak#1
    if (value < 0)
        goto out; // LINT: lock-leak#1
    table[key % 32] = value;
    rc = 0;
    goto out_unlock;
out_unlock:
    pthread_mutex_unlock(&table_lock);
out:
    return rc; // LINT: lock-leak#1
}

static void *loader(void *arg)
{
    long v = (long)arg;
    return (void *)(long)parse_record((int)v, (int)v - 3);
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, loader, (void *)2L);
    pthread_create(&b, NULL, loader, (void *)5L);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    puts("done");
    return 0;
}
