/*
 * unions.c - a shared union written through different members.
 *
 * One 8-byte union is updated as a whole word (w), as two 32-bit halves
 * (half[0], half[1]) and as bytes (b[7]); a second union holds either a
 * double or its bit pattern.  Blocks of different threads hit overlapping
 * bytes through different members, so a strategy that locks or versions
 * by member (instead of by storage) loses updates.  Assumes little endian.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 48:9: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: low half: 30000
// EXPECT: high half: 0x10107530
// EXPECT: double: 40000
// EXPECT: tags: ok

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define ROUNDS 10000

union word {
    unsigned long w;
    unsigned int half[2];
    unsigned char b[8];
};

union num {
    double d;
    unsigned long bits;
};

struct tagged {
    int tag;                   /* 0: i is valid, 1: d is valid */
    union { long i; double d; } v;
};

static union word u;
static union num n;
static struct tagged tv;
static long bad_tags;

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    for (int i = 0; i < ROUNDS; i++) {
        atomic {
            switch (id) {
            case 0: u.half[0]++; break;
            case 1: u.w += 1; u.w += 1UL << 32; break;          /* low and high */
            case 2: u.half[1] += 2; u.b[7] += 1; break;         /* 2 + 1<<24 in high, no carry */
            default: u.b[0] = u.b[0]; u.w++; u.b[6] += 1; break;
            }
            union num m = n;                /* union copy */
            m.d += 1.0;
            n.bits = m.bits;                /* stored through the other member */
        }
        atomic {
            if (tv.tag == 0) {
                tv.v.d = (double)tv.v.i + 0.5;
                tv.tag = 1;
            } else {
                double d = tv.v.d;
                if (d - (long)d != 0.5) bad_tags++;
                tv.v.i = (long)d + 1;
                tv.tag = 0;
            }
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
    /* low: 10000 (t0) + 10000 (t1) + 10000 (t3) = 30000, no carry out.
     * high: 10000 (t1) + 2 * 10000 (t2) = 0x7530 in bits 0-15; byte 6 (t3) and
     * byte 7 (t2) each take 10000 increments, i.e. 10000 % 256 = 0x10. */
    printf("low half: %u\n", u.half[0]);
    printf("high half: %#x\n", u.half[1]);
    printf("double: %.0f\n", n.d);
    long total = tv.tag == 0 ? tv.v.i : (long)tv.v.d;
    printf("tags: %s\n", bad_tags == 0 && total == 20000 ? "ok" : "BAD");
    return 0;
}
