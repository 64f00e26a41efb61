/*
 * double_unlock.c -- pattern: "unlock twice on the error path".
 *
 * store() unlocks `db_lock` when validation fails and then falls through
 * to the common exit, which unlocks again: the second unlock runs on a
 * path where the lock is no longer held: unlock-not-held#1.  On the normal
 * path that final unlock is correct, but the tag marks the call that is
 * wrong on some path.
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t db_lock = PTHREAD_MUTEX_INITIALIZER;
static int db[16];

static int store(int key, int value)
{
    int rc = 0;
    pthread_mutex_lock(&db_lock);
    if (value < 0) {
        pthread_mutex_unlock(&db_lock);
        rc = -1;
    } else {
        db[key % 16] = value;
    }
    pthread_mutex_unlock(&db_lock); // LINT: unlock-not-held#1
    return rc;
}

static void *writer(void *arg)
{
    long base = (long)arg;
    return (void *)(long)store((int)base, (int)base - 2);
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, writer, (void *)1L);
    pthread_create(&b, NULL, writer, (void *)5L);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%d\n", db[5]);
    return 0;
}
