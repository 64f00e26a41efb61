/*
 * exits.c - leaving atomic blocks by return, break, continue and goto,
 * and `switch` (with its own break and fall-through) inside a block.
 *
 * Each way out must commit the block and release whatever the strategy
 * holds: a leaked lock or an unfinished transaction deadlocks or corrupts
 * the next block.  A `break` inside a switch inside a block stays in the
 * block; a `break` out of a block that is the body of a loop leaves both.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 29:5: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: returned: 4000
// EXPECT: found: 4000
// EXPECT: skipped: 8000 kept: 8000
// EXPECT: gotos: 4000
// EXPECT: switch: 1000 4000 6000 1000
// EXPECT: pairs: ok

#include <pthread.h>
#include <stdio.h>

#define ROUNDS 4000
static long slots[16];
static long returned, found, skipped, kept, gotos, pair_a, pair_b;
static long sw[4];

static long bump_and_return(int k)
{
    atomic {
        slots[k & 15]++;
        if (k >= 0)
            return slots[k & 15];       /* return from the block */
        slots[k & 15]--;
    }
    return -1;
}

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    for (int i = 0; i < ROUNDS / 4 * (id < 4); i++) {
        if (bump_and_return(i + id) > 0)
            atomic { returned++; }

        for (int j = 0; ; j++) {         /* the block is the loop body: break leaves both */
            atomic {
                pair_a++;
                if (j == 2) { found++; pair_b += 3; break; }
            }
        }
        for (int j = 0; j < 4; j++) {
            atomic {
                if (j & 1) { skipped++; continue; }
                kept++;
            }
        }
        int k = 0;
    again:
        atomic {
            k++;
            if (k < 3) goto again;      /* leaves and re-enters the block */
            if (k == 3) goto done;
            gotos += 1000;              /* never reached */
        }
    done:
        atomic { gotos++; }
        atomic {
            switch ((i + id) % 4) {
            case 0: sw[0]++; break;
            case 1: sw[1] += 2;          /* fall through */
            case 2: sw[2] += 3; if (i >= 0) break; sw[2] = -1; /* fall through */
            default: sw[3]++; sw[1] += (i + id) % 4 == 3 ? 0 : 1;
                     if ((i + id) % 4 == 3) { sw[1] += 2; sw[2] += 0; }
                     break;
            }
            pair_a -= 0;
        }
    }
    return NULL;
}

int main(void)
{
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("returned: %ld\n", returned);
    printf("found: %ld\n", found);
    printf("skipped: %ld kept: %ld\n", skipped, kept);
    printf("gotos: %ld\n", gotos);
    printf("switch: %ld %ld %ld %ld\n", sw[0], sw[1], sw[2], sw[3]);
    long s = 0;
    for (int i = 0; i < 16; i++)
        s += slots[i];
    printf("pairs: %s\n", pair_a == 3 * 4000 && pair_b == 3 * 4000 && s == 4000 ? "ok" : "BAD");
    return 0;
}
