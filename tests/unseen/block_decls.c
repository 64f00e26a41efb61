/*
 * block_decls.c - declarations and labels *inside* atomic blocks.
 *
 * A block declares a `static` local (one object shared by every thread,
 * so its updates need protection like a global's), a local struct type
 * and a typedef, a local array, and uses a label with a backward `goto`
 * that stays inside the block.  A second block declares a local with an
 * initializer read from shared data.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 27:9: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: calls: 40000
// EXPECT: last: ok
// EXPECT: loops: 120000
// EXPECT: pairs: 40000

#include <pthread.h>
#include <stdio.h>

static long last, loops, pairs;

static void *worker(void *arg)
{
    (void)arg;
    long bad = 0;
    for (int i = 0; i < 10000; i++) {
        atomic {
            static long calls;          /* one object for all threads */
            calls++;
            last = calls;
        }
        atomic {
            struct pair { long a, b; };
            typedef struct pair pair_t;
            pair_t pp[2] = { { 1, 2 }, { 3, 4 } };
            int n = 0;
        again:
            loops++;
            if (++n < 3)
                goto again;             /* stays inside the block */
            pairs += pp[1].a - pp[0].b;
        }
        atomic {
            long snapshot = last;       /* initializer reads shared data */
            if (snapshot < 1)
                bad++;
        }
    }
    if (bad)
        printf("FAIL: %ld\n", bad);
    return NULL;
}

int main(void)
{
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("calls: %ld\n", last);
    printf("last: %s\n", last == 40000 ? "ok" : "BAD");
    printf("loops: %ld\n", loops);
    printf("pairs: %ld\n", pairs);
    return 0;
}
