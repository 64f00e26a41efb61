/*
 * reader_unlocked.c -- pattern: "unlocked read while a writer runs".
 *
 * A writer thread updates `temperature` under `sensor_lock`.  While the
 * writer is still running (not yet joined), main polls the value without
 * taking the lock: data-race#1 between the locked write and the unlocked
 * read in main.  The read after pthread_join is ordered by the join and is
 * not a race.
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t sensor_lock = PTHREAD_MUTEX_INITIALIZER;
static int temperature;

static void *writer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 50; i++) {
        pthread_mutex_lock(&sensor_lock);
        temperature = 20 + i % 7; // LINT: data-race#1
        pthread_mutex_unlock(&sensor_lock);
    }
    return NULL;
}

int main(void)
{
    pthread_t w;
    int seen = 0;
    pthread_create(&w, NULL, writer, NULL);
    for (int i = 0; i < 10; i++)
        seen += temperature; // LINT: data-race#1
    pthread_join(w, NULL);
    printf("%d %d\n", seen, temperature);
    return 0;
}
