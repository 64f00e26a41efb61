/*
 * conditional_lock.c -- pattern: "lock taken conditionally, released
 * unconditionally".
 *
 * note() locks `note_lock` only for important notes but always unlocks it:
 * when `important` is 0 the unlock runs without the lock held:
 * unlock-not-held#1.  The only shared counter is updated with an atomic
 * builtin (no data race).
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t note_lock = PTHREAD_MUTEX_INITIALIZER;
static long notes;

static void note(int important)
{
    if (important)
        pthread_mutex_lock(&note_lock);
    __atomic_fetch_add(&notes, 1, __ATOMIC_RELAXED);
    pthread_mutex_unlock(&note_lock); // LINT: unlock-not-held#1
}

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10; i++)
        note(i % 3 == 0);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, worker, NULL);
    pthread_create(&b, NULL, worker, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%ld\n", notes);
    return 0;
}
