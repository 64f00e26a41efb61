/*
 * atomic_vs_mutex.c -- Atomic C; pattern: "atomic block against a mutex in
 * both orders".
 *
 * An atomic block counts as holding "the atomic lock".  The `journal`
 * thread takes `journal_lock` inside an atomic block (edge atomic ->
 * journal_lock); the `archiver` thread enters an atomic block while holding
 * `journal_lock` (edge journal_lock -> atomic).  The two threads overlap:
 * deadlock#1.  Tagged: the mutex acquisition inside the block and the
 * `atomic {` line entered with the mutex held.  pthread_mutex_lock is a
 * known library function, not I/O: no irrevocable-in-atomic finding is
 * expected here.  Every access to `entries` and `archived` is inside an
 * atomic block (no data race); `journal_len` is only accessed with
 * `journal_lock` held.
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t journal_lock = PTHREAD_MUTEX_INITIALIZER;
static long entries;
static long archived;
static long journal_len;

static void *journal(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        atomic {
            entries++;
            pthread_mutex_lock(&journal_lock); // LINT: deadlock#1
            journal_len++;
            pthread_mutex_unlock(&journal_lock);
        }
    }
    return NULL;
}

static void *archiver(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10; i++) {
        pthread_mutex_lock(&journal_lock);
        journal_len = 0;
        atomic { // LINT: deadlock#1
            archived += entries;
            entries = 0;
        }
        pthread_mutex_unlock(&journal_lock);
    }
    return NULL;
}

int main(void)
{
    pthread_t j, a;
    pthread_create(&j, NULL, journal, NULL);
    pthread_create(&a, NULL, archiver, NULL);
    pthread_join(j, NULL);
    pthread_join(a, NULL);
    printf("%ld %ld %ld\n", entries, archived, journal_len);
    return 0;
}
