/*
 * rwlock_early_return.c -- pattern: "read lock leaked on the found path".
 *
 * find_slot() takes the read lock of `dir_rw` and returns the index as soon
 * as it finds the name -- without unlocking: lock-leak#1.  The not-found
 * path unlocks.  A second thread does the same lookup: two read locks can
 * be held together, so nothing blocks in this program, but the read lock
 * is still leaked.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_rwlock_t dir_rw = PTHREAD_RWLOCK_INITIALIZER;
static const char *names[4] = { "bin", "etc", "usr", "var" };

static int find_slot(const char *name)
{
    pthread_rwlock_rdlock(&dir_rw); // LINT: lock-leak#1
    for (int i = 0; i < 4; i++) {
        if (strcmp(names[i], name) == 0)
            return i; // LINT: lock-leak#1
    }
    pthread_rwlock_unlock(&dir_rw);
    return -1;
}

static void *lookup(void *arg)
{
    return (void *)(long)find_slot(arg);
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, lookup, "usr");
    pthread_create(&b, NULL, lookup, "tmp");
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    puts("done");
    return 0;
}
