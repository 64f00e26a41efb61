/* rbtree.h - a red-black tree mapping long keys to pointers.
 *
 * The tree orders its keys with the comparison function in its `cmp`
 * field.  No locking here: the callers (vacation's manager) call these
 * functions from inside atomic blocks.  Nodes are malloc'ed by insert and
 * freed by delete.
 */
#ifndef VACATION_RBTREE_H
#define VACATION_RBTREE_H

typedef struct rb_node {
    long key;
    void *val;
    struct rb_node *left, *right, *parent;
    int red;
} rb_node_t;

typedef int (*rb_cmp_fn)(long a, long b);

typedef struct rbtree {
    rb_node_t *root;
    rb_cmp_fn cmp;          /* < 0, 0, > 0 like strcmp */
    long size;
} rbtree_t;

int rb_cmp_long(long a, long b);

void rbtree_init(rbtree_t *t, rb_cmp_fn cmp);
/* The value stored under key, or NULL. */
void *rbtree_lookup(const rbtree_t *t, long key);
/* Inserts key -> val; returns 0 (and changes nothing) if key is present. */
int rbtree_insert(rbtree_t *t, long key, void *val);
/* Removes key; returns its value, or NULL if absent. */
void *rbtree_delete(rbtree_t *t, long key);
/* In-order successor of key's position: the smallest node with key >= k. */
rb_node_t *rbtree_ceiling(const rbtree_t *t, long k);
rb_node_t *rbtree_first(const rbtree_t *t);
rb_node_t *rbtree_next(const rb_node_t *n);

/* Checks (not thread-safe, for the end of a run): 1 if the tree is a valid
 * red-black tree ordered by cmp, with consistent parent links and size;
 * else 0 and a reason in why. */
int rbtree_verify(const rbtree_t *t, const char **why);
void rbtree_destroy(rbtree_t *t, void (*free_val)(void *));

#endif
