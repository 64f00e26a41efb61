/*
 * listset.c - a sorted linked-list set shared by several threads (Atomic C).
 *
 * Each thread inserts, removes and looks up keys drawn from its own
 * deterministic PRNG.  Every operation walks the list from the head inside
 * one atomic block: the nodes it touches are not known when the block
 * starts, which is the pointer-chasing case (per-object locks cannot be
 * computed at entry; the whole list's alias class is locked, or STM is used).
 * Each thread only inserts and removes keys of its own residue class, so the
 * final contents are deterministic: every thread's last operation on each of
 * its keys decides whether the key is present.
 *
 * Usage: listset [ops-per-thread]   (default 20000)
 */
// LEGAL: global pervar stm
// EXPECT: threads: 4
// EXPECT: keys: 125
// EXPECT: sorted: yes
// EXPECT: matches model: yes

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NTHREADS 4
#define KEYS 256

typedef struct node {
    int key;
    struct node *next;
} node_t;

static node_t head_sentinel = { -1, NULL };
static node_t *const head = &head_sentinel;

static int set_insert(int key, node_t *fresh)
{
    int added = 0;
    atomic {
        node_t *prev = head;
        while (prev->next != NULL && prev->next->key < key)
            prev = prev->next;
        if (prev->next == NULL || prev->next->key != key) {
            fresh->key = key;
            fresh->next = prev->next;
            prev->next = fresh;
            added = 1;
        }
    }
    return added;
}

static node_t *set_remove(int key)
{
    node_t *gone = NULL;
    atomic {
        node_t *prev = head;
        while (prev->next != NULL && prev->next->key < key)
            prev = prev->next;
        if (prev->next != NULL && prev->next->key == key) {
            gone = prev->next;
            prev->next = gone->next;
        }
    }
    return gone;
}

static int set_contains(int key)
{
    int found;
    atomic {
        node_t *n = head->next;
        while (n != NULL && n->key < key)
            n = n->next;
        found = n != NULL && n->key == key;
    }
    return found;
}

static unsigned long ops = 20000;
static unsigned char model[NTHREADS][KEYS];

static void *worker(void *arg)
{
    int id = *(int *)arg;
    unsigned long s = 0x9E3779B9u * (unsigned)(id + 1);
    for (unsigned long i = 0; i < ops; i++) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        int key = (int)((s >> 33) % (KEYS / NTHREADS)) * NTHREADS + id;
        unsigned op = (unsigned)(s >> 20) % 10;
        if (op < 2) {
            node_t *n = malloc(sizeof *n);
            if (n == NULL)
                abort();
            if (!set_insert(key, n))
                free(n);
            model[id][key] = 1;
        } else if (op < 4) {
            free(set_remove(key));
            model[id][key] = 0;
        } else {
            (void)set_contains(key);
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t t[NTHREADS];
    int ids[NTHREADS];
    if (argc > 1)
        ops = strtoul(argv[1], NULL, 10);
    for (int i = 0; i < NTHREADS; i++) {
        ids[i] = i;
        pthread_create(&t[i], NULL, worker, &ids[i]);
    }
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    int count = 0, sorted = 1, match = 1, last = -1;
    for (node_t *n = head->next; n != NULL; n = n->next) {
        count++;
        if (n->key <= last)
            sorted = 0;
        last = n->key;
    }
    int expected = 0;
    for (int k = 0; k < KEYS; k++) {
        int want = model[k % NTHREADS][k];
        expected += want;
        if (want != set_contains(k))
            match = 0;
    }
    printf("threads: %d\n", NTHREADS);
    printf("keys: %d\n", count);
    printf("sorted: %s\n", sorted ? "yes" : "no");
    printf("matches model: %s\n", match && count == expected ? "yes" : "no");
    while (head->next != NULL)
        free(set_remove(head->next->key));
    return sorted && match ? 0 : 1;
}
