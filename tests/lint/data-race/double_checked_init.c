/*
 * double_checked_init.c -- pattern: "double-checked initialization with a
 * plain pointer".
 *
 * get_table() tests the plain global pointer `table` without the lock, and
 * only takes `init_lock` to create it.  The unlocked first test (and the
 * unlocked use of the returned pointer's value) races with the locked store
 * `table = t` in another thread: data-race#1 (the unlocked read and the
 * locked write are both reported locations; the locked re-check is
 * protected by the same lock as the write and is not a racing pair with it,
 * but it does race with nothing else, so it is left untagged).
 * Compare clean/dr_pthread_once.c.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
static int *table;

static int *get_table(void)
{
    if (table == NULL) { // LINT: data-race#1
        pthread_mutex_lock(&init_lock);
        if (table == NULL) {
            int *t = calloc(16, sizeof *t);
            table = t; // LINT: data-race#1
        }
        pthread_mutex_unlock(&init_lock);
    }
    return table; // LINT: data-race#1
}

static void *user(void *arg)
{
    (void)arg;
    int *t = get_table();
    return t ? (void *)t : NULL;
}

int main(void)
{
    pthread_t a, b;
    void *ra, *rb;
    pthread_create(&a, NULL, user, NULL);
    pthread_create(&b, NULL, user, NULL);
    pthread_join(a, &ra);
    pthread_join(b, &rb);
    printf("%d\n", ra == rb);
    free(table);
    return 0;
}
