/* Regression: a lock and its unlock inside the `do { ... } while (0)` of a
 * statement macro.  The loop was given a back edge, so the body looked as
 * if it ran again with the mutex released: a data race on the counter and
 * an unlock of a mutex not held.
 * Expected: atomicc lint reports nothing; the program prints 4000. */
#include <pthread.h>
#include <stdio.h>

#define LOCKED(m, stmt) do { pthread_mutex_lock(m); stmt; pthread_mutex_unlock(m); } while (0)
#define STAT_ADD(s, n) do { \
        stats_lock(&(s)->lock); \
        (s)->total += (n); \
        stats_unlock(&(s)->lock); \
    } while (0)

struct stats {
    pthread_mutex_t lock;
    long total;
};

static struct stats stats = { .lock = PTHREAD_MUTEX_INITIALIZER };
static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;
static long count;

static void stats_lock(pthread_mutex_t *m)
{
    pthread_mutex_lock(m);
}

static void stats_unlock(pthread_mutex_t *m)
{
    pthread_mutex_unlock(m);
}

static void *worker(void *arg)
{
    int i;

    for (i = 0; i < 1000; i++) {
        LOCKED(&count_lock, count++);
        STAT_ADD(&stats, 1);
    }
    return arg;
}

int main(void)
{
    pthread_t t[2];
    int i;

    for (i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    printf("%ld\n", count + stats.total);
    return 0;
}
