/*
 * goto_fail_before_lock.c -- pattern: "single cleanup label reached before
 * the lock".
 *
 * open_session() has one `fail:` label that unlocks `sess_lock`.  The
 * argument check jumps there *before* the lock is taken, so on that path
 * the unlock runs without the lock: unlock-not-held#1.  Jumps to `fail`
 * after the lock are correct.
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t sess_lock = PTHREAD_MUTEX_INITIALIZER;
static int sessions[8];

static int open_session(int id)
{
    if (id < 0)
        goto fail;
    pthread_mutex_lock(&sess_lock);
    if (sessions[id % 8])
        goto fail;
    sessions[id % 8] = 1;
    pthread_mutex_unlock(&sess_lock);
    return 0;
fail:
    pthread_mutex_unlock(&sess_lock); // LINT: unlock-not-held#1
    return -1;
}

static void *client(void *arg)
{
    return (void *)(long)open_session((int)(long)arg);
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, client, (void *)3L);
    pthread_create(&b, NULL, client, (void *)-1L);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%d\n", sessions[3]);
    return 0;
}
