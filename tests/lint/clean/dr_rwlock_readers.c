/*
 * dr_rwlock_readers.c -- near miss of data-race/rwlock_writer_unlocked.c
 * and data-race/rwlock_write_under_rdlock.c; pattern: "two readers under a
 * read lock, writer under the write lock".
 *
 * Two readers read `config_version` and `config_name` holding the read
 * lock: reads never race with reads.  The reloader writes both holding the
 * write lock, which excludes the readers.  The hit counter of each reader
 * is a local variable.
 * No finding.
// NEAR-MISS: data-race
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

static pthread_rwlock_t cfg_lock = PTHREAD_RWLOCK_INITIALIZER;
static int config_version;
static const char *config_name = "default";

static void *reader(void *arg)
{
    long acc = 0;
    (void)arg;
    for (int i = 0; i < 100; i++) {
        pthread_rwlock_rdlock(&cfg_lock);
        acc += config_version;
        acc += config_name[0];
        pthread_rwlock_unlock(&cfg_lock);
    }
    return (void *)acc;
}

static void *reloader(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10; i++) {
        pthread_rwlock_wrlock(&cfg_lock);
        config_version++;
        config_name = (i % 2) ? "odd" : "even";
        pthread_rwlock_unlock(&cfg_lock);
    }
    return NULL;
}

int main(void)
{
    pthread_t r1, r2, w;
    pthread_create(&r1, NULL, reader, NULL);
    pthread_create(&r2, NULL, reader, NULL);
    pthread_create(&w, NULL, reloader, NULL);
    pthread_join(r1, NULL);
    pthread_join(r2, NULL);
    pthread_join(w, NULL);
    printf("%d %s\n", config_version, config_name);
    return 0;
}
