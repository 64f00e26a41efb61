/*
 * stm_dispatch.c - transactional calls through function pointers.
 *
 * Inside an STM block `s->cmp(a, b)` must run the transactional clone of
 * whichever function the pointer holds.  Every translation unit that
 * defines a clone of a function whose address is taken registers the pair
 * (function, clone entry) from a constructor; the clone entry has the
 * original's signature and finds the running transaction through the
 * thread's descriptor.  The call site looks the pointer up and calls what it
 * finds, so targets need not be visible (or even named) in the calling file.
 * A pointer to a function with no clone (one the compiler never saw stored
 * there, e.g. from a library built without atomicc) stops the program with
 * the call's location rather than run it outside the transaction.
 *
 * The table is filled before main() (constructors) and only read after:
 * lookups take no lock.  Open addressing, power-of-two size, grown under a
 * mutex while registering.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct clone_entry { const void *fn; void *entry; };

static struct clone_entry *table;
static size_t table_size;       /* a power of two, or 0 */
static size_t table_used;
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t slot_of(const void *fn, size_t size)
{
    uintptr_t h = (uintptr_t)fn;
    h ^= h >> 17;
    h *= (uintptr_t)0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 7) & (size - 1);
}

static void insert(struct clone_entry *t, size_t size, const void *fn, void *entry)
{
    size_t i = slot_of(fn, size);
    while (t[i].fn != NULL && t[i].fn != fn)
        i = (i + 1) & (size - 1);
    t[i].fn = fn;
    t[i].entry = entry;
}

void atomicc_stm_register_clone(const void *fn, void *entry)
{
    pthread_mutex_lock(&table_lock);
    if (2 * (table_used + 1) > table_size) {
        size_t n = table_size ? 2 * table_size : 256;
        struct clone_entry *t = calloc(n, sizeof *t);
        if (t == NULL) {
            fputs("atomicc: out of memory registering transactional clones\n", stderr);
            abort();
        }
        for (size_t i = 0; i < table_size; i++)
            if (table[i].fn != NULL)
                insert(t, n, table[i].fn, table[i].entry);
        free(table);
        table = t;
        table_size = n;
    }
    insert(table, table_size, fn, entry);
    table_used++;
    pthread_mutex_unlock(&table_lock);
}

void *atomicc_stm_clone_of(const void *fn, const char *where)
{
    if (table_size != 0) {
        size_t i = slot_of(fn, table_size);
        while (table[i].fn != NULL) {
            if (table[i].fn == fn)
                return table[i].entry;
            i = (i + 1) & (table_size - 1);
        }
    }
    fprintf(stderr, "atomicc: %s: a transaction called through a function pointer a function that has no "
            "transactional clone (the compiler did not see it stored in that pointer); build every file "
            "of the program with atomicc\n", where);
    abort();
}

/* `retry;` outside any lexical atomic block is legal in a function that only
 * ever runs inside blocks; the compiler checks that over the whole program.
 * Where separate compilation hid a caller that runs it outside every block,
 * the retry has nothing to restart: stop with its location. */
void atomicc_retry_outside(const char *where) __attribute__((noreturn));

void atomicc_retry_outside(const char *where)
{
    fprintf(stderr, "atomicc: %s: retry outside an atomic block (the function that retries was called "
            "outside every atomic block)\n", where);
    abort();
}
