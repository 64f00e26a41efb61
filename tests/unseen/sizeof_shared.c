/*
 * sizeof_shared.c - sizeof, _Alignof and __typeof__ applied to shared
 * lvalues inside atomic blocks.
 *
 * sizeof does not evaluate its operand: `sizeof arr[i++]` must not bump i,
 * `sizeof shared_char` is 1 (not the size of a wider load), `sizeof
 * shared_array` is the whole array, and __typeof__(shared) declares a
 * local of the same type.  The sizes are used to step through shared
 * buffers, so a wrong size shows up as wrong sums.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 38:9: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: sizes: 1 2 24 64 8 16
// EXPECT: index untouched: yes
// EXPECT: bytes: 40000
// EXPECT: sum: 160000

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

struct rec { char tag; short code; long a, b; };

static char c;
static short sh;
static struct rec recs[4];
static long arr[8];
static unsigned short bytes[16];
static long total;
static size_t sizes[6];
static long bumped;

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    for (int i = 0; i < 10000; i++) {
        int k = i % 8;
        atomic {
            size_t s_c = sizeof c, s_sh = sizeof(sh), s_r = sizeof recs[k++ % 4];
            size_t s_arr = sizeof arr, s_el = sizeof arr[bumped++], s_al = _Alignof(long double);
            __typeof__(arr[0]) tmp = arr[id];
            __typeof__(c) ch = c;
            tmp += 1;
            ch = (char)(ch + 1);
            arr[id] = tmp;
            c = ch;
            for (size_t j = 0; j < sizeof bytes / sizeof bytes[0]; j++)
                if (j == (size_t)(i % 16)) bytes[j]++;
            for (size_t j = 0; j < s_arr / s_el; j++)
                total += j < 4 ? (j == (size_t)id) : 0;
            sizes[0] = s_c; sizes[1] = s_sh; sizes[2] = s_r;
            sizes[3] = s_arr; sizes[4] = s_el; sizes[5] = s_al;
        }
        if (k != i % 8)
            atomic { bumped += 1000000; }
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
    printf("sizes: %zu %zu %zu %zu %zu %zu\n", sizes[0], sizes[1], sizes[2], sizes[3], sizes[4], sizes[5]);
    printf("index untouched: %s\n", bumped == 0 ? "yes" : "NO");
    long nb = 0;
    for (int j = 0; j < 16; j++)
        nb += bytes[j];
    if (arr[0] + arr[1] + arr[2] + arr[3] != 40000 || c != (char)(40000 % 256))
        printf("FAIL: typeof copies lost updates\n");
    printf("bytes: %ld\n", nb);
    printf("sum: %ld\n", total * 4);
    return 0;
}
