/*
 * irr_known_calls.c -- Atomic C; near miss of
 * irrevocable-in-atomic/unknown_extern.c and io_via_helper.c; pattern:
 * "calls with known, revocable effects inside blocks".
 *
 * The blocks call checksum() and push_copy(), whose bodies are in this
 * file; push_copy() uses malloc and memcpy (memory only, no I/O), and the
 * block also calls labs from <stdlib.h> (pure).  The helper that does I/O,
 * report(), is only called outside every block.
 * No finding.
// NEAR-MISS: irrevocable-in-atomic
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct item {
    struct item *next;
    char tag[8];
};

static struct item *items;
static long counter;

static long checksum(long v)
{
    return (v * 31) ^ (v >> 3);
}

static void push_copy(const char *tag)
{
    struct item *it = malloc(sizeof *it);
    if (!it)
        return;
    memcpy(it->tag, tag, sizeof it->tag);
    it->next = items;
    items = it;
}

static void report(long v)
{
    printf("counter %ld\n", v);
}

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10; i++) {
        long seen;
        atomic {
            counter = labs(checksum(counter + i));
            push_copy("sample!");
            seen = counter;
        }
        report(seen);
    }
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, worker, NULL);
    pthread_create(&b, NULL, worker, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    while (items) {
        struct item *it = items;
        items = it->next;
        free(it);
    }
    return 0;
}
