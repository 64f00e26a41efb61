/* Lowered code must draw no warning the original does not, under the flags
 * of strict -Werror builds (tests/test_warnings.py compiles this one with
 * -Wshadow -Wredundant-decls -Wnested-externs -Wimplicit-fallthrough too):
 * fall-through comments in a block, in a function called inside blocks (its
 * transactional clone is printed again) and in a unit emitted preprocessed;
 * shared accesses nested in one another (a[b[i]] = x = ...), logged stores
 * nested in a logged address (ring[pos++] = v in a block that can retry),
 * calls through pointers in the arguments of calls through pointers, and a
 * retry in a function that only runs inside blocks. */
// LEGAL: global pervar stm
// EXPECT: counts: 2000 4000 4000
// EXPECT: classes: 2000 2000
// EXPECT: nested: 2 2 8004
// EXPECT: ring: 8000 8000
// EXPECT: pointers: 32000
// EXPECT: plain: 2 1

#include <pthread.h>
#include <stdio.h>
#include "strict_warnings.h"

#define THREADS 2
#define ITERS 4000

static struct counts counts;
static long classes[2];
static long a[4], b[4], x, y;
static long ring[16], pos, logged;
static long avail = 1000000, total;
static long (*fa)(long), (*fb)(long);

static long twice(long v) { return 2 * v; }
static long inc(long v) { return v + 1; }

/* called inside blocks: its clone is printed without the comment */
static int classify(int k)
{
    int c = 0;
    switch (k % 4) {
    case 0:
        c++;
        /* FALLTHRU */
    case 1:
        c++;
        break;
    default:
        break;
    }
    return c;
}

/* retries without a block of its own: only ever called inside blocks */
static long take(long n)
{
    if (avail < n)
        retry;
    avail -= n;
    return n;
}

/* not in any block: left as written (unless the unit is emitted preprocessed) */
static int plain(int k)
{
    int r = 0;
    switch (k) {
    case 0:
        r++;
        // fall through
    case 1:
        r++;
    }
    return r;
}

static void *worker(void *arg)
{
    long id = (long)arg;
    for (int i = 0; i < ITERS; i++) {
        tally(&counts, i % 4);
        atomic {
            classes[classify(i) == 2 ? 0 : 1] += classify(i) ? 1 : 0;
        }
        atomic {
            a[b[i % 4]] = x = y + 1;
            y = 1;
            b[1] = 2;
        }
        atomic {
            ring[pos++ % 16] = id;
            if (pos < 0)
                retry;
            logged++;
        }
        atomic { total += fa(fb(take(1))); }
    }
    return NULL;
}

int main(void)
{
    pthread_t t[THREADS];
    fa = twice;
    fb = inc;
    for (long i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    printf("counts: %ld %ld %ld\n", counts.zero, counts.low, counts.high);
    printf("classes: %ld %ld\n", classes[0], classes[1]);
    printf("nested: %ld %ld %ld\n", x, b[1], a[0] + a[1] + a[2] + a[3] + 1000000 - avail);
    printf("ring: %ld %ld\n", pos, logged);
    printf("pointers: %ld\n", total);
    printf("plain: %d %d\n", plain(0), plain(1));
    return 0;
}
