/*
 * shadowing.c - locals that shadow shared globals of the same name, in
 * some scopes of a function but not in others.
 *
 * `count` is a global updated in a block that also declares a local
 * `count` in an inner scope; `third` is a global updated in a block of a
 * function that has a local `third` in an unrelated, earlier scope; a
 * parameter of one function and a global share a name used in another.
 * Only the global uses need protection, but every one of them does:
 * treating the name as a local everywhere in the function loses updates.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 33:9: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: count: 80000
// EXPECT: other: 40000
// EXPECT: third: 40000
// EXPECT: limit: 40000

#include <pthread.h>
#include <stdio.h>

static long count, other, third, limit;

static long clamp(long limit)           /* a parameter named like a global */
{
    return limit > 5 ? 5 : limit;
}

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10000; i++) {
        atomic {
            count++;                    /* the global */
            {
                long count = 7;         /* an inner local of the same name */
                other += count - 6;
            }
            count++;                    /* the global again */
        }
        {
            long third = i;             /* a local in an earlier scope */
            third += clamp(third);
            (void)third;
        }
        atomic { third++; }             /* the global */
        atomic { limit += clamp(1); }
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
    printf("count: %ld\n", count);
    printf("other: %ld\n", other);
    printf("third: %ld\n", third);
    printf("limit: %ld\n", limit);
    return 0;
}
