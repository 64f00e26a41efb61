/*
 * loop_exits.c - atomic blocks in loops, left early in every way.
 *
 * A work-claiming loop whose block `break`s out of the enclosing while
 * when the work runs out, `continue`s past items another thread owns,
 * and `return`s from the function on a stop flag; a nested loop inside a
 * block with a labelled `goto` out of both loops and the block; and a
 * do/while whose condition reads a value the block computed.  Every
 * item is claimed exactly once and no exit leaks a lock or transaction
 * (the blocks after the loops would deadlock or misbehave).
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 32:9: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: claimed: 4000 once each
// EXPECT: skipped: ok
// EXPECT: found: 4 at 2999
// EXPECT: do-while: 4000
// EXPECT: after loops: 4

#include <pthread.h>
#include <stdio.h>

#define NITEMS 4000
static int owner[NITEMS];            /* 0 free, else thread id + 1 */
static long next_item, claimed, skipped, found_at[4], dw, after, stop_seen;
static int grid[50][60];

static int claim_loop(int id)
{
    int mine = 0;
    while (1) {
        atomic {
            if (next_item >= NITEMS)
                break;                           /* leaves the block and the loop */
            long k = next_item++;
            if (owner[k] != 0) {
                skipped++;
                continue;                        /* never happens: owner is 0 */
            }
            owner[k] = id + 1;
            claimed++;
            mine++;
            if (stop_seen)
                return -1;                       /* never set: stays in the loop */
        }
    }
    return mine;
}

static long find(int target)
{
    long where = -1;
    atomic {
        for (int i = 0; i < 50; i++)
            for (int j = 0; j < 60; j++)
                if (grid[i][j] == target) {
                    where = i * 60 + j;
                    goto out;                    /* out of both loops and the block */
                }
    }
out:
    return where;
}

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    claim_loop(id);
    long at = find(7);
    atomic { found_at[id] = at; }
    long v;
    do {
        atomic { v = ++dw; }
    } while (v < NITEMS - 3);                    /* reads the block's result */
    atomic { after++; }
    return NULL;
}

int main(void)
{
    grid[49][59] = 7;
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    int once = 1;
    for (int k = 0; k < NITEMS; k++)
        once &= owner[k] >= 1 && owner[k] <= 4;
    printf("claimed: %ld %s\n", claimed, once ? "once each" : "NOT ONCE");
    printf("skipped: %s\n", skipped == 0 ? "ok" : "BAD");
    int n = 0;
    for (int i = 0; i < 4; i++)
        n += found_at[i] == 2999;
    printf("found: %d at %ld\n", n, found_at[0]);
    printf("do-while: %ld\n", dw);
    printf("after loops: %ld\n", after);
    return 0;
}
