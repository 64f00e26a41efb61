/*
 * rwlock_mutex_cycle.c -- pattern: "ABBA between a rwlock and a mutex".
 *
 * The writer takes the write lock of `table_rw` and then `stats_lock`.  The
 * reporter takes `stats_lock` and then the *write* lock of `table_rw` to
 * reset the table.  Write locks are exclusive, so this is an ABBA cycle:
 * deadlock#1.  (A reader taking only the read lock would also block behind
 * a held write lock; here both inner acquisitions are exclusive to keep the
 * case unambiguous.)
 */
#include <pthread.h>
#include <stdio.h>

static pthread_rwlock_t table_rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static int table[8];
static int updates;

static void *writer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        pthread_rwlock_wrlock(&table_rw);
        table[i % 8] = i;
        pthread_mutex_lock(&stats_lock); // LINT: deadlock#1
        updates++;
        pthread_mutex_unlock(&stats_lock);
        pthread_rwlock_unlock(&table_rw);
    }
    return NULL;
}

static void *reporter(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10; i++) {
        pthread_mutex_lock(&stats_lock);
        if (updates > 50) {
            pthread_rwlock_wrlock(&table_rw); // LINT: deadlock#1
            for (int k = 0; k < 8; k++)
                table[k] = 0;
            pthread_rwlock_unlock(&table_rw);
            updates = 0;
        }
        pthread_mutex_unlock(&stats_lock);
    }
    return NULL;
}

int main(void)
{
    pthread_t w, r;
    pthread_create(&w, NULL, writer, NULL);
    pthread_create(&r, NULL, reporter, NULL);
    pthread_join(w, NULL);
    pthread_join(r, NULL);
    printf("%d %d\n", updates, table[0]);
    return 0;
}
