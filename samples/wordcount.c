/*
 * wordcount.c - parallel word count, map-reduce style (Atomic C).
 *
 * The embedded text is processed PASSES times; every line of every pass
 * is one work chunk.  NTHREADS workers claim chunks from a shared cursor
 * (an atomic block left by `break` when the work runs out), count words
 * in a private table (map), and every FLUSH_EVERY chunks merge their
 * private counts into the shared table, one atomic block per word
 * (reduce).  main checks the shared table against a sequential count
 * and prints the most frequent words, sorted by count, then by word.
 *
 * Usage: wordcount [passes]   (default 50)
 */
// EXPECT: lines: 24
// EXPECT: words: 14750
// EXPECT: distinct: 149
// EXPECT: the 2600
// EXPECT: and 750
// EXPECT: of 400
// EXPECT: a 350
// EXPECT: to 350
// EXPECT: for 250
// EXPECT: he 250
// EXPECT: in 250
// EXPECT: from 200
// EXPECT: him 200

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NTHREADS       4
#define DEFAULT_PASSES 50
#define FLUSH_EVERY    8
#define MAXWORD        32
#define NBUCKETS       256
#define TOP            10

static const char *const text[] = {
    "The keeper of the light climbed the stairs at dusk, as he had done",
    "every evening for thirty years, and wound the clockwork of the lamp.",
    "Below him the sea turned from green to grey, and the gulls went",
    "home to the cliffs. The lamp woke, the lens began to turn, and the",
    "beam swept the water: once for the rocks, twice for the harbour,",
    "and a long dark pause for the open sea beyond the point.",
    "Ships that passed at night counted the flashes and knew the coast.",
    "The keeper wrote the weather in his book: wind from the west,",
    "rain by midnight, a swell on the reef and one ship, a collier,",
    "running north with all her lights burning. Then he made tea",
    "and sat by the small window of the watch room, listening to",
    "the clockwork and the wind. In the morning the boat would come",
    "with oil and bread and the letters from the town, and the keeper",
    "would walk down the long stairs, check the lamp and sleep.",
    "The light did not need him to be awake; it needed him to be",
    "careful. A keeper who was careful every night for thirty years",
    "was worth more to the sea than a clever one who was careful",
    "on most nights. So he trimmed the wick, polished the brass,",
    "cleaned the salt from the glass and counted the turns of the lens",
    "with the patience of a man who knows that the one night he",
    "forgets will be the night of the storm. The storm came in",
    "winter, as storms do, and the light burned through it, and in",
    "the spring the harbour master sent him a letter of thanks",
    "which he put in the book between the pages of the weather.",
};
#define NLINES ((int)(sizeof text / sizeof text[0]))

typedef struct entry {
    char word[MAXWORD];
    unsigned long count;
    struct entry *next;
} entry_t;

typedef struct table {
    entry_t *bucket[NBUCKETS];
    unsigned long distinct;
} table_t;

static table_t shared;              /* the reduce side, touched in atomic blocks */
static unsigned long total_words;   /* ditto */
static long next_chunk, nchunks;    /* work cursor, ditto */

static unsigned hash_word(const char *w)
{
    unsigned h = 2166136261u;       /* FNV-1a */
    while (*w)
        h = (h ^ (unsigned char)*w++) * 16777619u;
    return h % NBUCKETS;
}

/* Adds n to word's count; allocates the entry on first sight. */
static bool table_add(table_t *t, const char *word, unsigned long n)
{
    entry_t **link = &t->bucket[hash_word(word)];
    while (*link != NULL && strcmp((*link)->word, word) != 0)
        link = &(*link)->next;
    if (*link == NULL) {
        entry_t *e = calloc(1, sizeof *e);
        if (e == NULL)
            return false;
        memcpy(e->word, word, strlen(word) + 1);
        *link = e;
        t->distinct++;
    }
    (*link)->count += n;
    return true;
}

static void table_clear(table_t *t)
{
    for (int b = 0; b < NBUCKETS; b++) {
        entry_t *e = t->bucket[b];
        while (e != NULL) {
            entry_t *next = e->next;
            free(e);
            e = next;
        }
    }
    memset(t, 0, sizeof *t);
}

static inline bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static inline char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

/* Map: counts the words of one line into a private table. */
static unsigned long count_line(table_t *t, const char *s)
{
    unsigned long words = 0;
    char w[MAXWORD];
    while (*s) {
        while (*s && !is_letter(*s))
            s++;
        size_t len = 0;
        while (is_letter(*s)) {
            if (len < MAXWORD - 1)
                w[len++] = lower(*s);
            s++;
        }
        if (len > 0) {
            w[len] = '\0';
            if (!table_add(t, w, 1))
                abort();
            words++;
        }
    }
    return words;
}

/* Reduce: merges a private table into the shared one. */
static void flush(table_t *local, unsigned long *local_words)
{
    for (int b = 0; b < NBUCKETS; b++)
        for (entry_t *e = local->bucket[b]; e != NULL; e = e->next) {
            bool ok;
            atomic { ok = table_add(&shared, e->word, e->count); }
            if (!ok)
                abort();
        }
    atomic { total_words += *local_words; }
    *local_words = 0;
    table_clear(local);
}

static void *worker(void *arg)
{
    table_t *local = arg;
    unsigned long words = 0;
    int since_flush = 0;
    for (;;) {
        long chunk;
        atomic {
            if (next_chunk == nchunks)
                break;
            chunk = next_chunk++;
        }
        words += count_line(local, text[chunk % NLINES]);
        if (++since_flush == FLUSH_EVERY) {
            flush(local, &words);
            since_flush = 0;
        }
    }
    flush(local, &words);
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
    long passes = argc > 1 ? atol(argv[1]) : DEFAULT_PASSES;
    static table_t locals[NTHREADS], reference;
    pthread_t tid[NTHREADS];

    nchunks = passes * NLINES;
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&tid[i], NULL, worker, &locals[i]);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(tid[i], NULL);

    /* Sequential reference: one pass, scaled. */
    unsigned long ref_words = 0;
    for (int i = 0; i < NLINES; i++)
        ref_words += count_line(&reference, text[i]) * (unsigned long)passes;

    entry_t **all = calloc(shared.distinct + 1, sizeof *all);
    size_t n = 0;
    if (all == NULL) {
        printf("FAIL: out of memory\n");
        return 1;
    }
    for (int b = 0; b < NBUCKETS; b++)
        for (entry_t *e = shared.bucket[b]; e != NULL; e = e->next) {
            all[n++] = e;
            entry_t *r = reference.bucket[hash_word(e->word)];
            while (r != NULL && strcmp(r->word, e->word) != 0)
                r = r->next;
            if (r == NULL || r->count * (unsigned long)passes != e->count) {
                printf("FAIL: count of \"%s\" is %lu\n", e->word, e->count);
                return 1;
            }
        }
    if (total_words != ref_words || shared.distinct != reference.distinct) {
        printf("FAIL: %lu words, %lu distinct; expected %lu, %lu\n",
               total_words, shared.distinct, ref_words, reference.distinct);
        return 1;
    }
    qsort(all, n, sizeof *all, by_count_then_word);

    printf("lines: %d\n", NLINES);
    printf("words: %lu\n", total_words);
    printf("distinct: %lu\n", shared.distinct);
    for (size_t i = 0; i < n && i < TOP; i++)
        printf("%s %lu\n", all[i]->word, all[i]->count);

    free(all);
    table_clear(&shared);
    table_clear(&reference);
    return 0;
}
