/*
 * flex_array.c - structs with flexible array members in atomic blocks.
 *
 * A shared log is a malloc'd `struct log { int n, cap; long sum; long
 * entries[]; }` reached through a global pointer.  Appenders write
 * entries[n++] and keep sum up to date; when the log is full a block
 * grows it: allocates a bigger one, copies the header and the entries
 * (memcpy of a flexible array), swaps the global pointer and frees the
 * old one, all inside the block.  Readers recompute the sum in a block.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 30:5: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: entries: 20000
// EXPECT: sum: ok
// EXPECT: grown: yes
// EXPECT: reader checks: ok

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct log { int n, cap; long sum; long entries[]; };

static struct log *lg;
static long grows, bad;

static void append(long v)
{
    atomic {
        if (lg->n == lg->cap) {
            int cap = lg->cap * 2;
            struct log *bigger = malloc(sizeof *bigger + (size_t)cap * sizeof bigger->entries[0]);
            memcpy(bigger, lg, sizeof *lg + (size_t)lg->n * sizeof lg->entries[0]);
            bigger->cap = cap;
            free(lg);
            lg = bigger;
            grows++;
        }
        lg->entries[lg->n++] = v;
        lg->sum += v;
    }
}

static void *appender(void *arg)
{
    long id = (long)arg;
    for (long i = 0; i < 5000; i++)
        append(id * 5000 + i);
    return NULL;
}

static void *reader(void *arg)
{
    (void)arg;
    for (int i = 0; i < 200; i++) {
        long s = 0, want;
        atomic {
            want = lg->sum;
            for (int k = 0; k < lg->n; k++)
                s += lg->entries[k];
        }
        if (s != want)
            atomic { bad++; }
    }
    return NULL;
}

int main(void)
{
    lg = malloc(sizeof *lg + 4 * sizeof(long));
    lg->n = 0;
    lg->cap = 4;
    lg->sum = 0;
    pthread_t t[5];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, appender, (void *)i);
    pthread_create(&t[4], NULL, reader, NULL);
    for (int i = 0; i < 5; i++)
        pthread_join(t[i], NULL);
    long s = 0;
    for (int k = 0; k < lg->n; k++)
        s += lg->entries[k];
    printf("entries: %d\n", lg->n);
    printf("sum: %s\n", s == lg->sum && s == 19999L * 20000 / 2 ? "ok" : "BAD");
    printf("grown: %s\n", grows == 13 && lg->cap == 32768 ? "yes" : "NO");
    printf("reader checks: %s\n", bad ? "BAD" : "ok");
    free(lg);
    return 0;
}
