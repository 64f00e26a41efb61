/*
 * tree_insert.c - recursion inside an atomic block: a binary search tree.
 *
 * Threads insert interleaved key ranges with a recursive insert that
 * allocates its node inside the block, look keys up with a recursive
 * search, and count nodes and check ordering with a recursive walk
 * inside a block (a consistent snapshot).  Duplicates are rejected.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 65:9: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: inserted: 4000
// EXPECT: duplicates rejected: 4000
// EXPECT: nodes: 4000
// EXPECT: sorted: yes
// EXPECT: snapshots: consistent

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct node { long key; struct node *left, *right; };

static struct node *root;
static long inserted, dups, bad_snapshots;

static int insert(struct node **link, long key)
{
    if (*link == NULL) {
        struct node *n = malloc(sizeof *n);
        n->key = key;
        n->left = n->right = NULL;
        *link = n;
        return 1;
    }
    if (key == (*link)->key)
        return 0;
    return insert(key < (*link)->key ? &(*link)->left : &(*link)->right, key);
}

static int contains(const struct node *n, long key)
{
    return n && (n->key == key || contains(key < n->key ? n->left : n->right, key));
}

static long count(const struct node *n, long lo, long hi, int *sorted)
{
    if (!n)
        return 0;
    if (n->key < lo || n->key > hi)
        *sorted = 0;
    return 1 + count(n->left, lo, n->key - 1, sorted) + count(n->right, n->key + 1, hi, sorted);
}

static void freetree(struct node *n)
{
    if (n) { freetree(n->left); freetree(n->right); free(n); }
}

static void *worker(void *arg)
{
    long id = (long)arg;
    for (long i = 0; i < 1000; i++) {
        long key = ((i * 4 + id) * 7919) % 4000;    /* a permutation of 0..3999 */
        int ok;
        atomic {
            ok = insert(&root, key);
            inserted += ok;
            dups += !ok;
        }
        atomic {
            if (!contains(root, key))
                bad_snapshots++;
        }
        long dupkey = ((i * 4 + (id + 1) % 4) * 7919) % 4000;   /* a neighbour's key */
        atomic {
            ok = insert(&root, dupkey);
            if (ok) inserted++; else dups++;
        }
        if (i % 100 == 0) {
            int sorted = 1;
            long c;
            atomic { c = count(root, 0, 3999, &sorted); }
            if (!sorted || c < 1)
                atomic { bad_snapshots++; }
        }
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
    int sorted = 1;
    long c = count(root, 0, 3999, &sorted);
    printf("inserted: %ld\n", inserted);
    printf("duplicates rejected: %ld\n", dups);
    printf("nodes: %ld\n", c);
    printf("sorted: %s\n", sorted ? "yes" : "no");
    printf("snapshots: %s\n", bad_snapshots ? "INCONSISTENT" : "consistent");
    freetree(root);
    return 0;
}
