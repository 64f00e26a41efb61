/*
 * wordcount.c - parallel word count, map-reduce style (Atomic C).
 *
 * The embedded text is read PASSES times, one line per work chunk.
 * Workers claim chunks from a shared cursor (an atomic block left by
 * `break` when the work runs out), count words in a private table (map)
 * and every FLUSH_EVERY chunks merge it into the shared table, one
 * atomic block per word (reduce).  main checks the totals against a
 * sequential count and prints the top words by count, then by word.
 *
 * Usage: wordcount [passes]   (default 50)
 */
// LEGAL: global pervar stm
// EXPECT: words: 4650
// EXPECT: distinct: 60
// EXPECT: the 1000
// EXPECT: and 250
// EXPECT: for 250
// EXPECT: to 150
// EXPECT: keeper 100

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NTHREADS    4
#define FLUSH_EVERY 8
#define MAXWORD     32
#define NBUCKETS    128
#define TOP         5

static const char *const text[] = {
    "The keeper of the light climbed the stairs at dusk, as he had done",
    "every evening for thirty years, and wound the clockwork of the lamp.",
    "Below him the sea turned from green to grey, and the gulls went home",
    "to the cliffs. The lamp woke, the lens began to turn, and the beam",
    "swept the water: once for the rocks, twice for the harbour, and a",
    "long dark pause for the open sea beyond the point. The keeper wrote",
    "the weather in his book, trimmed the wick and waited for the morning.",
};
#define NLINES ((long)(sizeof text / sizeof text[0]))

typedef struct entry {
    char word[MAXWORD];
    unsigned long count;
    struct entry *next;
} entry_t;

typedef entry_t *table_t[NBUCKETS];     /* chained hash table */

static table_t shared;                  /* reduce side: atomic blocks only */
static unsigned long distinct;          /* ditto */
static long next_chunk, nchunks;        /* work cursor: atomic blocks only */

static unsigned hash_word(const char *w)
{
    unsigned h = 2166136261u;           /* FNV-1a */
    while (*w)
        h = (h ^ (unsigned char)*w++) * 16777619u;
    return h % NBUCKETS;
}

/* Adds n to word's count; returns 1 for a new word, 0 for a known one,
 * -1 when out of memory. */
static int table_add(table_t t, const char *word, unsigned long n)
{
    entry_t **link = &t[hash_word(word)];
    while (*link != NULL && strcmp((*link)->word, word) != 0)
        link = &(*link)->next;
    if (*link == NULL) {
        if ((*link = calloc(1, sizeof **link)) == NULL)
            return -1;
        memcpy((*link)->word, word, strlen(word) + 1);
        (*link)->count = n;
        return 1;
    }
    (*link)->count += n;
    return 0;
}

static inline bool is_letter(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

/* Map: counts the words of one line into t (or only counts them if t is NULL). */
static unsigned long count_line(entry_t **t, const char *s)
{
    unsigned long words = 0;
    while (*s) {
        char w[MAXWORD];
        size_t len = 0;
        for (; is_letter(*s); s++)
            if (len < MAXWORD - 1)
                w[len++] = (char)(*s | 0x20);   /* ASCII lower case */
        w[len] = '\0';
        if (len > 0) {
            words++;
            if (t != NULL && table_add(t, w, 1) < 0)
                abort();
        }
        while (*s && !is_letter(*s))
            s++;
    }
    return words;
}

/* Reduce: merges a private table into the shared one and empties it. */
static void flush(table_t local)
{
    for (int b = 0; b < NBUCKETS; b++)
        for (entry_t *e = local[b], *next; e != NULL; e = next) {
            int added;
            atomic {
                added = table_add(shared, e->word, e->count);
                if (added > 0)
                    distinct++;
            }
            if (added < 0)
                abort();
            next = e->next;
            free(e);
        }
    memset(local, 0, sizeof(table_t));
}

static void *worker(void *arg)
{
    entry_t **local = arg;
    for (int chunks = 1;; chunks++) {
        long c;
        atomic {
            if (next_chunk == nchunks)
                break;
            c = next_chunk++;
        }
        count_line(local, text[c % NLINES]);
        if (chunks % FLUSH_EVERY == 0)
            flush(local);
    }
    flush(local);
    return NULL;
}

static int by_count_then_word(const void *a, const void *b)
{
    const entry_t *x = *(const entry_t *const *)a, *y = *(const entry_t *const *)b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->word, y->word);
}

int main(int argc, char **argv)
{
    long passes = argc > 1 ? atol(argv[1]) : 50;
    static table_t locals[NTHREADS];
    pthread_t tid[NTHREADS];

    nchunks = passes * NLINES;
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&tid[i], NULL, worker, locals[i]);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(tid[i], NULL);

    unsigned long expect = 0, words = 0, n = 0;
    for (long i = 0; i < NLINES; i++)     /* sequential reference */
        expect += count_line(NULL, text[i]) * (unsigned long)passes;
    entry_t **all = calloc(distinct + 1, sizeof *all);
    for (int b = 0; all != NULL && b < NBUCKETS; b++)
        for (entry_t *e = shared[b]; e != NULL; e = e->next) {
            all[n++] = e;
            words += e->count;
        }
    if (all == NULL || words != expect || n != distinct) {
        printf("FAIL: counted %lu words, expected %lu\n", words, expect);
        return 1;
    }
    qsort(all, n, sizeof *all, by_count_then_word);
    printf("words: %lu\n", words);
    printf("distinct: %lu\n", distinct);
    for (unsigned long i = 0; i < n && i < TOP; i++)
        printf("%s %lu\n", all[i]->word, all[i]->count);
    free(all);
    return 0;
}
