/*
 * dl_atomic_mutex_consistent.c -- Atomic C; near miss of
 * deadlock/atomic_vs_mutex.c; pattern: "atomic block and mutex in a
 * consistent order".
 *
 * Both threads take `journal_lock` first and enter an atomic block while
 * holding it (only the edge journal_lock -> atomic exists; no mutex is
 * taken inside any block), so there is no cycle.  `entries` and `archived`
 * are only accessed inside atomic blocks; `journal_len` only under
 * journal_lock.
 * No finding.
// NEAR-MISS: deadlock
// LINT-CLEAN
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
        pthread_mutex_lock(&journal_lock);
        journal_len++;
        atomic {
            entries++;
        }
        pthread_mutex_unlock(&journal_lock);
    }
    return NULL;
}

static void *archiver(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10; i++) {
        pthread_mutex_lock(&journal_lock);
        journal_len = 0;
        atomic {
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
