/*
 * big_writes.c - blocks with very large read and write sets.
 *
 * A 32 KiB shared struct is copied whole into another shared struct (one
 * struct assignment), a block memsets a 64 KiB shared buffer to a new
 * stamp, and a block writes 8192 distinct words one by one.  Readers
 * check that every snapshot is uniform: a transaction whose write set
 * overflows some fixed-size table, or a partially applied copy, shows up
 * as a mixed snapshot or a crash.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 34:9: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: stamps: 600
// EXPECT: mixed snapshots: 0
// EXPECT: final: uniform

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define WORDS 4096
struct page { long stamp; long w[WORDS - 1]; };

static struct page a, b;
static unsigned char buf[65536];
static long words[8192];
static long stamps, mixed;

static void *writer(void *arg)
{
    long id = (long)arg;
    for (long i = 1; i <= 100; i++) {
        long st = id * 1000 + i;
        atomic {
            a.stamp = st;
            for (int k = 0; k < WORDS - 1; k++)
                a.w[k] = st;
            b = a;                               /* 32 KiB struct copy */
            stamps++;
        }
        atomic { memset(buf, (int)(st & 0xff), sizeof buf); stamps++; }
        atomic {
            for (int k = 0; k < 8192; k++)
                words[k] = st;
            stamps++;
        }
    }
    return NULL;
}

static void *reader(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        long bad = 0;
        atomic {
            bad = 0;
            for (int k = 0; k < WORDS - 1; k += 97)
                bad |= b.w[k] != b.stamp;
            for (int k = 1; k < (int)sizeof buf; k += 1021)
                bad |= buf[k] != buf[0];
            for (int k = 1; k < 8192; k += 89)
                bad |= words[k] != words[0];
        }
        if (bad)
            atomic { mixed++; }
    }
    return NULL;
}

int main(void)
{
    pthread_t t[4];
    for (long i = 0; i < 2; i++) {
        pthread_create(&t[i], NULL, writer, (void *)i);
        pthread_create(&t[2 + i], NULL, reader, NULL);
    }
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    int uniform = memcmp(&a, &b, sizeof a) == 0;
    for (int k = 0; k < WORDS - 1; k++)
        uniform &= b.w[k] == b.stamp;
    for (int k = 0; k < 8192; k++)
        uniform &= words[k] == words[0];
    printf("stamps: %ld\n", stamps);
    printf("mixed snapshots: %ld\n", mixed);
    printf("final: %s\n", uniform ? "uniform" : "MIXED");
    return 0;
}
