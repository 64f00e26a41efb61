/*
 * scalars.c - shared char, short, double, long double, _Bool and
 * unsigned __int128 fields updated in atomic blocks.
 *
 * The small fields sit next to each other in one struct (sub-word
 * accesses that share a machine word); the wide ones are larger than a
 * word (16 bytes).  Each thread bumps all of them with ++, +=, -= and
 * compound shifts; the long double and __int128 sums carry across their
 * 64-bit halves.  Exact values are checked at the end.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 47:9: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: char: 64 uchar: 64
// EXPECT: short: -24000 ushort: 48000
// EXPECT: bool flips: 24000 flag: 0
// EXPECT: double: 12000.5
// EXPECT: long double: ok
// EXPECT: int128: ok

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#define NT 4
#define ROUNDS 6000

struct mix {
    char c;
    unsigned char uc;
    short s;
    unsigned short us;
    _Bool flag;
    bool other;
    double d;
    long double ld;
    unsigned __int128 big;
    char tail;
};

static struct mix m = { .d = 0.5 };
static long flips;

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        atomic {
            m.c++;
            m.c -= 2;                   /* net -1 per round */
            m.uc += 3;
            m.s -= 1;
            m.us = (unsigned short)(m.us + 5);
            m.us -= 3;
            m.flag = !m.flag;
            m.other |= m.flag;
            flips++;
            m.d += 0.5;
            m.d *= 1.0;
            m.ld += 1.0L / 4;
            m.big += ((unsigned __int128)1 << 64) + 0xffffffffffffffffULL;
            m.tail ^= 1;
        }
    }
    return NULL;
}

int main(void)
{
    pthread_t t[NT];
    for (long i = 0; i < NT; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < NT; i++)
        pthread_join(t[i], NULL);
    /* 24000 rounds: c = -24000 mod 256 = 64 (x86: char is signed),
     * uc = 72000 mod 256 = 64, us = 48000 */
    printf("char: %d uchar: %d\n", m.c, m.uc);
    printf("short: %d ushort: %u\n", m.s, (unsigned)m.us);
    printf("bool flips: %ld flag: %d\n", flips, (int)m.flag);
    printf("double: %.1f\n", m.d);
    printf("long double: %s\n", m.ld == 6000.0L ? "ok" : "BAD");
    unsigned __int128 want = (unsigned __int128)24000 * (((unsigned __int128)1 << 64) + 0xffffffffffffffffULL);
    printf("int128: %s\n", m.big == want && m.other && m.tail == 0 ? "ok" : "BAD");
    return 0;
}
