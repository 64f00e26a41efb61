/*
 * static_locals.c - `static` locals of functions, touched in atomic blocks.
 *
 * next_id() hands out ids from a function-scope static counter; remember()
 * keeps a function-scope static ring of recent ids and its own static
 * index; two different functions each have a static named `count` (two
 * distinct objects with one name), and a static local pointer initialized
 * to a static local array.  Every id is handed out once.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 29:5: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: ids: 40000 unique
// EXPECT: counts: 40000 20000
// EXPECT: ring: ok
// EXPECT: cursor: 20000

#include <pthread.h>
#include <stdio.h>

#define NT 4
#define ROUNDS 10000

static unsigned char seen[NT * ROUNDS];

static long next_id(void)
{
    static long counter;
    long id;
    atomic { id = counter++; }
    return id;
}

static long bump_a(void)
{
    static long count;
    atomic { count++; }
    long c;
    atomic { c = count; }
    return c;
}

static long bump_b(int odd)
{
    static long count;                  /* not bump_a's count */
    long c;
    atomic {
        if (odd)
            count++;
        c = count;
    }
    return c;
}

static int remember(long id, long *cursor_out)
{
    static long ring[16];
    static int idx;
    static long storage[4];
    static long *cursor = storage;
    int ok;
    atomic {
        ring[idx] = id;
        idx = (idx + 1) % 16;
        ok = ring[(idx + 15) % 16] == id;
        if (id % 2 == 0)
            (*cursor)++;
        *cursor_out = *cursor;
    }
    return ok;
}

static void *worker(void *arg)
{
    (void)arg;
    long bad = 0, cur = 0;
    for (int i = 0; i < ROUNDS; i++) {
        long id = next_id();
        if (id < 0 || id >= NT * ROUNDS)
            bad++;
        else
            atomic { if (seen[id]++) bad++; }
        bump_a();
        bump_b(i & 1);
        if (!remember(id, &cur))
            bad++;
    }
    if (bad)
        printf("FAIL: %ld\n", bad);
    return NULL;
}

int main(void)
{
    pthread_t t[NT];
    for (long i = 0; i < NT; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < NT; i++)
        pthread_join(t[i], NULL);
    long dup = 0;
    for (int i = 0; i < NT * ROUNDS; i++)
        dup += seen[i] != 1;
    printf("ids: %d %s\n", NT * ROUNDS, dup ? "DUPLICATED" : "unique");
    printf("counts: %ld %ld\n", bump_a() - 1, bump_b(0));
    long cur;
    printf("ring: %s\n", remember(-2, &cur) ? "ok" : "BAD");
    printf("cursor: %ld\n", cur - 1);
    return 0;
}
