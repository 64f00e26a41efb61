/*
 * rwlock_writer_unlocked.c -- pattern: "reader vs writer without the lock".
 *
 * Two reader threads read `config_version` under a read lock of `cfg_lock`
 * (two readers together: not a race).  The reloader thread bumps
 * `config_version` without taking the write lock: data-race#1 between the
 * unlocked write and the read-locked reads.  `config_name` is written by the
 * reloader under the write lock and read by readers under the read lock:
 * not a race.
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
        acc += config_version; // LINT: data-race#1
        acc += config_name[0];
        pthread_rwlock_unlock(&cfg_lock);
    }
    return (void *)acc;
}

static void *reloader(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10; i++) {
        config_version++; // LINT: data-race#1
        pthread_rwlock_wrlock(&cfg_lock);
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
