/*
 * dr_sscanf_before_start.c -- near miss of data-race/sscanf_after_start.c;
 * pattern: "configuration parsed before the reader starts".
 *
 * Same shape: `scanner` reads `limit` as its loop bound, and main fills
 * `limit` with sscanf(text, "%d", &limit).  Here the sscanf runs before
 * pthread_create, like the assignment of `step`: both writes are ordered
 * before everything scanner does, and after the create `limit` and `step`
 * are only read.  `found` is written by scanner and read after the join.
 * No finding.
// NEAR-MISS: data-race
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

static int limit = 10;
static int step;
static long found;

static void *scanner(void *arg)
{
    (void)arg;
    int n = limit;
    long s = 0;
    for (int i = 0; i < n && i < 100000; i += step)
        s++;
    found = s;
    return NULL;
}

int main(int argc, char **argv)
{
    const char *text = argc > 1 ? argv[1] : "250";
    step = 5;
    int parsed = sscanf(text, "%d", &limit);
    pthread_t t;
    pthread_create(&t, NULL, scanner, NULL);
    pthread_join(t, NULL);
    printf("%d %d %ld\n", parsed, limit, found);
    return 0;
}
