/*
 * sscanf_after_start.c -- pattern: "library call writes a shared variable
 * through its argument" (configuration parsed after the reader started).
 *
 * `limit` is read by `scanner` as its loop bound.  main starts scanner
 * first and only then parses the configuration text with
 * sscanf(text, "%d", &limit): sscanf writes `limit` through the pointer
 * while scanner may be reading it: data-race#1 (the sscanf line and
 * scanner's read).  `step` is set before pthread_create and only read
 * afterwards (ordered by the create: not a race); `found` is written by
 * scanner and read by main after the join (not a race).
 */
#include <pthread.h>
#include <stdio.h>

static int limit = 10;
static int step;
static long found;

static void *scanner(void *arg)
{
    (void)arg;
    int n = limit; // LINT: data-race#1
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
    pthread_t t;
    pthread_create(&t, NULL, scanner, NULL);
    int parsed = sscanf(text, "%d", &limit); // LINT: data-race#1
    pthread_join(t, NULL);
    printf("%d %d %ld\n", parsed, limit, found);
    return 0;
}
