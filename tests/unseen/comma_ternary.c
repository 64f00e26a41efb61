/*
 * comma_ternary.c - the comma operator and ?: with shared operands, and a
 * block whose result feeds an expression right after it.
 *
 * Only the chosen arm of ?: may be evaluated (the other arm has a side
 * effect on shared data), comma operands run left to right, ?: picks an
 * lvalue-ish target through pointers (`*(c ? &a : &b) += 1`), and
 * nested ?: chains select among shared counters.  The value computed in
 * each block is used by the caller after the block.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 33:9: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: left: 20000 right: 20000
// EXPECT: untaken arms: 0
// EXPECT: comma: 40000 80000
// EXPECT: selected: 10000 10000 20000
// EXPECT: results: 40000

#include <pthread.h>
#include <stdio.h>

static long left, right, wrong, ca, cb, s0, s1, s2, results;
static int side;

static long count_wrong(void) { return ++wrong; }

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    long mine = 0;
    for (int i = 0; i < 10000; i++) {
        long r;
        atomic {
            int go_left = (i + id) % 2 == 0;
            r = go_left ? (left++, left) : (right += 1);
            r += go_left ? 0 : (side ? count_wrong() : 0);      /* side stays 0 */
            *(go_left ? &ca : &cb) += 0;
            (void)(ca++, cb += 2, ca);
            long *sel = i % 4 == 0 ? &s0 : i % 4 == 1 ? &s1 : &s2;
            ++*sel;
        }
        mine += r > 0 ? 1 : 0;       /* the block's result, used after it */
    }
    atomic { results += mine; }
    return NULL;
}

int main(void)
{
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("left: %ld right: %ld\n", left, right);
    printf("untaken arms: %ld\n", wrong);
    printf("comma: %ld %ld\n", ca, cb);
    printf("selected: %ld %ld %ld\n", s0, s1, s2);
    printf("results: %ld\n", results);
    return 0;
}
