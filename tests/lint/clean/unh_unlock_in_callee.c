/*
 * unh_unlock_in_callee.c -- near miss of unlock-not-held/conditional_lock.c
 * and lock-leak; pattern: "lock handed to a callee that releases it".
 *
 * begin_update() locks `doc_lock` and returns with it held on every path
 * (a consistent acquire wrapper); commit_and_unlock() writes and unlocks
 * `doc_lock`, and is only ever called by edit(), right after
 * begin_update().  Interprocedurally every unlock has its lock.  The
 * document fields are only touched with `doc_lock` held.
 * No finding.
// NEAR-MISS: unlock-not-held lock-leak data-race
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t doc_lock = PTHREAD_MUTEX_INITIALIZER;
static int doc_version;
static int doc_words;

static int begin_update(void)
{
    pthread_mutex_lock(&doc_lock);
    return doc_version;
}

static void commit_and_unlock(int base, int words)
{
    doc_version = base + 1;
    doc_words += words;
    pthread_mutex_unlock(&doc_lock);
}

static void edit(int words)
{
    int base = begin_update();
    commit_and_unlock(base, words);
}

static void *editor(void *arg)
{
    for (int i = 0; i < 20; i++)
        edit((int)(long)arg);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, editor, (void *)3L);
    pthread_create(&b, NULL, editor, (void *)5L);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%d %d\n", doc_version, doc_words);
    return 0;
}
