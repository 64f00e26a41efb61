/*
 * abba_helpers.c -- pattern: "ABBA through helper functions".
 *
 * No function takes two locks textually.  log_event() takes `log_lock`;
 * update_index() takes `index_lock`.  insert() holds `index_lock` and calls
 * log_event() (edge index_lock -> log_lock); flush_log() holds `log_lock`
 * and calls update_index() (edge log_lock -> index_lock).  One thread
 * inserts, the other flushes: deadlock#1.  Tagged: the inner acquisitions
 * inside the helpers and the call lines that perform them while the outer
 * lock is held.
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t index_lock = PTHREAD_MUTEX_INITIALIZER;
static int log_len;
static int index_size;

static void log_event(void)
{
    pthread_mutex_lock(&log_lock); // LINT: deadlock#1
    log_len++;
    pthread_mutex_unlock(&log_lock);
}

static void update_index(void)
{
    pthread_mutex_lock(&index_lock); // LINT: deadlock#1
    index_size++;
    pthread_mutex_unlock(&index_lock);
}

static void insert(void)
{
    pthread_mutex_lock(&index_lock);
    index_size++;
    log_event(); // LINT: deadlock#1
    pthread_mutex_unlock(&index_lock);
}

static void flush_log(void)
{
    pthread_mutex_lock(&log_lock);
    log_len = 0;
    update_index(); // LINT: deadlock#1
    pthread_mutex_unlock(&log_lock);
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
