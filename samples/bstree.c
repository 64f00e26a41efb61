/*
 * bstree.c - a binary search tree map shared by several threads (Atomic C).
 *
 * Threads insert, update, delete and look up keys in one unbalanced BST.
 * Every operation is one atomic block that descends from the root: which
 * nodes it touches is only known inside the block (pointer chasing), and
 * operations on different subtrees do not conflict.  Deletion of a node
 * with two children moves its in-order successor up.  Each thread owns the
 * keys of its residue class, so the final contents are deterministic.
 *
 * Usage: bstree [ops-per-thread]   (default 20000)
 */
// LEGAL: global pervar stm
// EXPECT: threads: 4
// EXPECT: size: 320
// EXPECT: in order: yes
// EXPECT: values: consistent

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NTHREADS 4
#define KEYS 512

typedef struct tnode {
    int key;
    long value;
    struct tnode *left, *right;
} tnode_t;

static tnode_t *root;

/* Returns the node that no longer belongs to the tree (to free), or NULL. */
static tnode_t *tree_put(int key, long value, tnode_t *fresh)
{
    tnode_t *unused = fresh;
    atomic {
        tnode_t **link = &root;
        while (*link != NULL && (*link)->key != key)
            link = key < (*link)->key ? &(*link)->left : &(*link)->right;
        if (*link != NULL) {
            (*link)->value = value;
            unused = fresh;
        } else {
            fresh->key = key;
            fresh->value = value;
            fresh->left = fresh->right = NULL;
            *link = fresh;
            unused = NULL;
        }
    }
    return unused;
}

static tnode_t *tree_delete(int key)
{
    tnode_t *gone = NULL;
    atomic {
        tnode_t **link = &root;
        while (*link != NULL && (*link)->key != key)
            link = key < (*link)->key ? &(*link)->left : &(*link)->right;
        gone = *link;
        if (gone != NULL) {
            if (gone->left == NULL) {
                *link = gone->right;
            } else if (gone->right == NULL) {
                *link = gone->left;
            } else {
                tnode_t **succ = &gone->right;      /* leftmost of the right subtree */
                while ((*succ)->left != NULL)
                    succ = &(*succ)->left;
                tnode_t *s = *succ;
                *succ = s->right;
                s->left = gone->left;
                s->right = gone->right;
                *link = s;
            }
        }
    }
    return gone;
}

static int tree_get(int key, long *value)
{
    int found = 0;
    atomic {
        tnode_t *n = root;
        while (n != NULL && n->key != key)
            n = key < n->key ? n->left : n->right;
        if (n != NULL) {
            *value = n->value;
            found = 1;
        }
    }
    return found;
}

static unsigned long ops = 20000;
static long model[KEYS];          /* 0: absent, else the value (owner thread only) */

static void *worker(void *arg)
{
    int id = *(int *)arg;
    unsigned long s = 0x2545F491u * (unsigned)(id + 7);
    for (unsigned long i = 0; i < ops; i++) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        int key = (int)((s >> 33) % (KEYS / NTHREADS)) * NTHREADS + id;
        unsigned op = (unsigned)(s >> 20) % 10;
        if (op < 3) {
            long v = (long)(s >> 40) + 1;
            tnode_t *n = malloc(sizeof *n);
            if (n == NULL)
                abort();
            free(tree_put(key, v, n));
            /* model[] is partitioned: key % NTHREADS == id, so each slot has one writer
               (the linter does not follow that arithmetic) */
            model[key] = v; // NOLINT(atomicc-data-race)
        } else if (op < 5) {
            free(tree_delete(key));
            model[key] = 0; // NOLINT(atomicc-data-race)
        } else {
            long v = 0;
            // NOLINTNEXTLINE(atomicc-data-race): this thread's own slots (see above)
            if (tree_get(key, &v) != (model[key] != 0) || (model[key] != 0 && v != model[key])) {
                printf("FAIL: key %d reads wrong\n", key);
                exit(1);
            }
        }
    }
    return NULL;
}

static int walk(const tnode_t *n, int *last, int *count)
{
    if (n == NULL)
        return 1;
    if (!walk(n->left, last, count) || n->key <= *last)
        return 0;
    *last = n->key;
    (*count)++;
    return walk(n->right, last, count);
}

static void destroy(tnode_t *n)
{
    if (n != NULL) {
        destroy(n->left);
        destroy(n->right);
        free(n);
    }
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
    int last = -1, count = 0;
    int ordered = walk(root, &last, &count);
    int expected = 0, consistent = 1;
    for (int k = 0; k < KEYS; k++) {
        long v = 0;
        int has = tree_get(k, &v);
        expected += model[k] != 0;
        if (has != (model[k] != 0) || (has && v != model[k]))
            consistent = 0;
    }
    printf("threads: %d\n", NTHREADS);
    printf("size: %d\n", count);
    printf("in order: %s\n", ordered ? "yes" : "no");
    printf("values: %s\n", consistent && count == expected ? "consistent" : "INCONSISTENT");
    destroy(root);
    return ordered && consistent ? 0 : 1;
}
