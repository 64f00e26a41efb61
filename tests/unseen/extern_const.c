/*
 * extern_const.c - globals declared `extern` before use and defined
 * later in the file, and `const` globals read inside atomic blocks.
 *
 * The functions using `ledger`, `hits` and `rates` see only their extern
 * declarations; the definitions (one with an initializer, one tentative,
 * one const table) come after them.  A const global and a const table
 * are read in the blocks (they need no protection, but reading them must
 * work under every strategy); a pointer-to-const walks a const string.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 33:9: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: ledger: 40000
// EXPECT: hits: 10000 10000 10000 10000
// EXPECT: weighted: 100000
// EXPECT: name length: 6

#include <pthread.h>
#include <stdio.h>

extern long ledger;
extern long hits[];
extern const int rates[4];
extern const long scale;
extern const char bank_name[];
static long weighted, name_len;

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    for (int i = 0; i < 10000; i++) {
        int k = (i + id) % 4;
        atomic {
            ledger += scale;
            hits[k]++;
            weighted += rates[k] * scale;
        }
    }
    if (id == 0) {
        long n = 0;
        atomic {
            for (const char *p = bank_name; *p; p++)
                n++;
            name_len = n;
        }
    }
    return NULL;
}

long ledger = 0;
long hits[4];
const int rates[4] = { 1, 2, 3, 4 };
const long scale = 1;
const char bank_name[] = "atomic";

int main(void)
{
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("ledger: %ld\n", ledger);
    printf("hits: %ld %ld %ld %ld\n", hits[0], hits[1], hits[2], hits[3]);
    printf("weighted: %ld\n", weighted);
    printf("name length: %ld\n", name_len);
    return 0;
}
