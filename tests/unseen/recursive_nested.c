/*
 * recursive_nested.c - a recursive function whose every level opens an
 * atomic block (dynamic nesting to depth 6), with a retry at the bottom.
 *
 * Each level bumps its own counter; the deepest level waits (retry) until
 * the shared budget allows it and then takes from it.  The retry must
 * undo every level's increments and rerun from the outermost block; the
 * nesting depth must be unwound on every path.  An auditor checks that
 * the levels always move together.  Blocks also run in main, before the
 * threads start and after they finish.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 28:5: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: levels: 6000 6000 6000 6000 6000 6000
// EXPECT: budget: 0
// EXPECT: audits: ok
// EXPECT: main blocks: ok

#include <pthread.h>
#include <stdio.h>

#define DEPTH 6
static long level[DEPTH];
static long budget, bad_audits;

static void descend(int d)
{
    atomic {
        level[d]++;
        if (d + 1 < DEPTH) {
            descend(d + 1);
        } else {
            if (budget == 0)
                retry;
            budget--;
        }
    }
}

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 2000; i++) {
        descend(0);
        atomic {
            for (int d = 1; d < DEPTH; d++)
                if (level[d] != level[0])
                    bad_audits++;
        }
    }
    return NULL;
}

static void *feeder(void *arg)
{
    (void)arg;
    for (int i = 0; i < 6000; i++)
        atomic {
            if (budget >= 5)
                retry;
            budget++;
        }
    return NULL;
}

int main(void)
{
    atomic { budget = 0; for (int d = 0; d < DEPTH; d++) level[d] = 0; }
    pthread_t t[3], f;
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    pthread_create(&f, NULL, feeder, NULL);
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    pthread_join(f, NULL);
    long lv[DEPTH], left;
    atomic {
        for (int d = 0; d < DEPTH; d++)
            lv[d] = level[d];
        left = budget;
    }
    printf("levels: %ld %ld %ld %ld %ld %ld\n", lv[0], lv[1], lv[2], lv[3], lv[4], lv[5]);
    printf("budget: %ld\n", left);
    printf("audits: %s\n", bad_audits ? "BAD" : "ok");
    long last;
    atomic { budget = 1; descend(DEPTH - 1); last = level[DEPTH - 1] * 10 + budget; }
    printf("main blocks: %s\n", last == 60010 ? "ok" : "BAD");
    return 0;
}
