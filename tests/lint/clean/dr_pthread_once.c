/*
 * dr_pthread_once.c -- near miss of data-race/double_checked_init.c;
 * pattern: "pthread_once initialization".
 *
 * The table is created by init_table(), run exactly once through
 * pthread_once; every thread calls pthread_once before reading `table`, so
 * the write in init_table() happens before every read.  After the
 * threads are joined main frees it.
 * No finding.
// NEAR-MISS: data-race
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_once_t table_once = PTHREAD_ONCE_INIT;
static int *table;

static void init_table(void)
{
    table = calloc(16, sizeof *table);
}

static int *get_table(void)
{
    pthread_once(&table_once, init_table);
    return table;
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
