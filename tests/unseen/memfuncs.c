/*
 * memfuncs.c - memcpy, memset, memmove, strlen, strcmp, memcmp on shared
 * buffers inside atomic blocks.
 *
 * Writers rebuild a shared message: memset it to one letter for a length
 * that changes every time, terminate it, copy it into a second buffer
 * with memcpy and shift a third with memmove.  Readers copy the message
 * out and check that it is uniform, that strlen matches the stored
 * length, and that the buffers compare equal: a torn message is counted.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 36:9: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: writes: 20000
// EXPECT: reads: 20000
// EXPECT: torn: 0
// EXPECT: final: ok

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define MAXLEN 60

static char msg[MAXLEN + 1];
static char copy[MAXLEN + 1];
static char shifted[MAXLEN + 2];
static size_t len;
static long writes, reads, torn;

static void *writer(void *arg)
{
    int id = (int)(long)arg;
    for (int i = 0; i < 10000; i++) {
        char c = (char)('a' + (i + id) % 26);
        size_t n = 1 + (size_t)((i * 7 + id) % MAXLEN);
        atomic {
            memset(msg, c, n);
            msg[n] = '\0';
            len = strlen(msg);
            memcpy(copy, msg, len + 1);
            shifted[0] = '>';
            memcpy(shifted + 1, copy, len + 1);
            memmove(shifted, shifted + 1, len + 1);   /* overlapping: undo the shift */
            writes++;
        }
    }
    return NULL;
}

static void *reader(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10000; i++) {
        char local[MAXLEN + 1];
        size_t n;
        int same;
        atomic {
            n = len;
            memcpy(local, msg, sizeof local);
            same = strcmp(msg, copy) == 0 && memcmp(copy, shifted, n + 1) == 0 && strlen(copy) == n;
            reads++;
        }
        int bad = !same || (n > 0 && strlen(local) != n);
        for (size_t k = 1; k < n && !bad; k++)
            bad = local[k] != local[0];
        if (bad)
            atomic { torn++; }
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
    printf("writes: %ld\n", writes);
    printf("reads: %ld\n", reads);
    printf("torn: %ld\n", torn);
    printf("final: %s\n", strlen(msg) == len && strcmp(msg, copy) == 0 ? "ok" : "BAD");
    return 0;
}
