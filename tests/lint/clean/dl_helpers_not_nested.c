/*
 * dl_helpers_not_nested.c -- near miss of deadlock/abba_helpers.c;
 * pattern: "helpers called after the outer lock is released".
 *
 * Same helpers as abba_helpers.c, but insert() releases `index_lock`
 * before calling log_event(), and flush_log() releases `log_lock` before
 * calling update_index().  No lock is ever acquired while another is held:
 * the lock-order graph has no edge at all.
 * No finding.
// NEAR-MISS: deadlock
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t index_lock = PTHREAD_MUTEX_INITIALIZER;
static int log_len;
static int index_size;

static void log_event(void)
{
    pthread_mutex_lock(&log_lock);
    log_len++;
    pthread_mutex_unlock(&log_lock);
}

static void update_index(void)
{
    pthread_mutex_lock(&index_lock);
    index_size++;
    pthread_mutex_unlock(&index_lock);
}

static void insert(void)
{
    pthread_mutex_lock(&index_lock);
    index_size++;
    pthread_mutex_unlock(&index_lock);
    log_event();
}

static void flush_log(void)
{
    pthread_mutex_lock(&log_lock);
    log_len = 0;
    pthread_mutex_unlock(&log_lock);
    update_index();
}

static void *inserter(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++)
        insert();
    return NULL;
}

static void *flusher(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++)
        flush_log();
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, inserter, NULL);
    pthread_create(&b, NULL, flusher, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%d %d\n", log_len, index_size);
    return 0;
}
