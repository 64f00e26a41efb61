/*
 * scalar_ops.c - one-update blocks (the atomic-op shape) on every scalar
 * type: char, short, _Bool, double, long double, unsigned __int128,
 * pointers, and an enum; plus loads and stores of them.
 *
 * Each block is a single x += e, x++, x |= m, load or store, so auto and
 * atomic-op may lower it to one hardware atomic instruction where the
 * type allows it; the double, long double, _Bool and 16-byte ones must be
 * lowered correctly (or refused) too.  Final values are exact.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 48:9: its component is not a single integer location updated by one commutative operation, load or store in every block
// EXPECT: char: 0 short: 32000
// EXPECT: bool: 1
// EXPECT: double: 8000.0
// EXPECT: long double: 8000.0
// EXPECT: int128: ok
// EXPECT: pointer: 32000
// EXPECT: enum: 2
// EXPECT: mask: 0xff

#include <pthread.h>
#include <stdio.h>

#define NT 4
#define ROUNDS 8000

enum colour { RED, GREEN, BLUE };

static signed char c;
static short s;
static _Bool seen;
static double d;
static long double ld;
static unsigned __int128 big;
static long cells[NT * ROUNDS + 1];
static long *cursor = cells;
static enum colour col;
static unsigned mask;
static long bad;

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    for (int i = 0; i < ROUNDS; i++) {
        atomic { c++; }
        atomic { s += 1; }
        atomic { seen = 1; }
        atomic { d += 0.25; }
        atomic { ld += 0.25L; }
        atomic { big += (unsigned __int128)1 << 70; }
        atomic { cursor++; }
        atomic { mask |= 1u << ((id * 2 + i) % 8); }
        if (i == ROUNDS - 1)
            atomic { col = BLUE; }
        enum colour now;
        atomic { now = col; }
        if (now != RED && now != BLUE)
            atomic { bad++; }
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
    printf("char: %d short: %d\n", c, s);
    printf("bool: %d\n", seen);
    printf("double: %.1f\n", d);
    printf("long double: %.1Lf\n", ld);
    printf("int128: %s\n", big == (unsigned __int128)(NT * ROUNDS) << 70 ? "ok" : "BAD");
    printf("pointer: %ld\n", (long)(cursor - cells));
    printf("enum: %d\n", bad ? -1 : (int)col);
    printf("mask: %#x\n", mask);
    return 0;
}
