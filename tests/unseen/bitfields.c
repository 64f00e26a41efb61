/*
 * bitfields.c - bit-fields read and written in atomic blocks.
 *
 * Adjacent bit-fields share a storage unit, so threads updating
 * *different* fields of the same struct still conflict.  Each of four
 * threads owns one field of every element of a shared array and bumps it
 * (mod its width); a fifth kind of update moves a signed field up and
 * down.  Any lost update shows up in the final field values, and a
 * checker verifies the packed invariant `lo + hi == tot % 8` every time.
 */
// LEGAL: global pervar
// REFUSED: stm at 41:9: it accesses the bit-field 'a', which has no address for the STM to track
// REFUSED: atomic-op at 41:9: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: a: 5 b: 5 c: 1 d: -3
// EXPECT: lo+hi: ok
// EXPECT: checks: ok

#include <pthread.h>
#include <stdio.h>

#define N      8
#define ROUNDS 20004

struct flags {
    unsigned a : 3;
    unsigned b : 5;
    unsigned c : 1;
    signed   d : 7;
    unsigned lo : 2, hi : 2;
    unsigned tot : 12;
};

static struct flags f[N];
static long bad;

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    for (int i = 0; i < ROUNDS; i++) {
        int k = i % N;
        atomic {
            switch (id) {
            case 0: f[k].a++; break;                     /* mod 8 */
            case 1: f[k].b = (f[k].b + 1) & 31; break;   /* mod 32 */
            case 2: f[k].c = !f[k].c; break;
            default:
                if (i % 3 == 2) f[k].d -= 1; else if (i % 3 == 0) f[k].d += 1;
                break;
            }
            /* everyone also moves the packed pair */
            if (f[k].lo < 3) f[k].lo++; else { f[k].lo = 0; f[k].hi = (f[k].hi + 1) & 3; }
            f[k].tot = (f[k].tot + 1) & 0xfff;
        }
        int okv;
        atomic { okv = ((f[k].lo + 4 * f[k].hi) % 16) == f[k].tot % 16; }
        if (!okv)
            atomic { bad++; }
    }
    return NULL;
}

int main(void)
{
    pthread_t t[4];
    for (int k = 0; k < N; k++)
        f[k].d = -3;
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    /* 20004 / 8 = 2500 updates per element and thread (+1 for k < 4) */
    int same = 1;
    for (int k = 1; k < N; k++)
        if (f[k].a != f[k & 4].a || f[k].b != f[k & 4].b || f[k].c != f[k & 4].c)
            same = 0;
    printf("a: %u b: %u c: %u d: %d\n", f[0].a, f[0].b, f[0].c, f[4].d);
    int ok = same;
    for (int k = 0; k < N; k++)
        if ((f[k].lo + 4 * f[k].hi) % 16 != f[k].tot % 16 || f[k].tot != (4 * (2500 + (k < 4))) % 4096)
            ok = 0;
    printf("lo+hi: %s\n", ok ? "ok" : "BAD");
    printf("checks: %s\n", bad ? "BAD" : "ok");
    return 0;
}
