/* rbtree.c - red-black tree (CLRS-style, with parent pointers, NULL leaves). */
#include <stdlib.h>
#include "lib/rbtree.h"

int rb_cmp_long(long a, long b)
{
    return a < b ? -1 : a > b ? 1 : 0;
}

void rbtree_init(rbtree_t *t, rb_cmp_fn cmp)
{
    t->root = NULL;
    t->cmp = cmp;
    t->size = 0;
}

static rb_node_t *find_node(const rbtree_t *t, long key)
{
    rb_node_t *n = t->root;
    while (n) {
        int c = t->cmp(key, n->key);
        if (c == 0)
            return n;
        n = c < 0 ? n->left : n->right;
    }
    return NULL;
}

void *rbtree_lookup(const rbtree_t *t, long key)
{
    rb_node_t *n = find_node(t, key);
    return n ? n->val : NULL;
}

static void rotate_left(rbtree_t *t, rb_node_t *x)
{
    rb_node_t *y = x->right;
    x->right = y->left;
    if (y->left)
        y->left->parent = x;
    y->parent = x->parent;
    if (!x->parent)
        t->root = y;
    else if (x == x->parent->left)
        x->parent->left = y;
    else
        x->parent->right = y;
    y->left = x;
    x->parent = y;
}

static void rotate_right(rbtree_t *t, rb_node_t *x)
{
    rb_node_t *y = x->left;
    x->left = y->right;
    if (y->right)
        y->right->parent = x;
    y->parent = x->parent;
    if (!x->parent)
        t->root = y;
    else if (x == x->parent->right)
        x->parent->right = y;
    else
        x->parent->left = y;
    y->right = x;
    x->parent = y;
}

static int is_red(const rb_node_t *n)
{
    return n != NULL && n->red;
}

int rbtree_insert(rbtree_t *t, long key, void *val)
{
    rb_node_t *parent = NULL, *n = t->root;
    int c = 0;
    while (n) {
        c = t->cmp(key, n->key);
        if (c == 0)
            return 0;
        parent = n;
        n = c < 0 ? n->left : n->right;
    }
    rb_node_t *z = malloc(sizeof *z);
    if (!z)
        abort();
    z->key = key;
    z->val = val;
    z->left = z->right = NULL;
    z->parent = parent;
    z->red = 1;
    if (!parent)
        t->root = z;
    else if (c < 0)
        parent->left = z;
    else
        parent->right = z;
    t->size++;

    /* fix-up: at most two rotations, bounded by the height */
    while (is_red(z->parent)) {
        rb_node_t *p = z->parent, *g = p->parent;
        if (p == g->left) {
            rb_node_t *u = g->right;
            if (is_red(u)) {
                p->red = 0;
                u->red = 0;
                g->red = 1;
                z = g;
            } else {
                if (z == p->right) {
                    z = p;
                    rotate_left(t, z);
                    p = z->parent;
                }
                p->red = 0;
                g->red = 1;
                rotate_right(t, g);
            }
        } else {
            rb_node_t *u = g->left;
            if (is_red(u)) {
                p->red = 0;
                u->red = 0;
                g->red = 1;
                z = g;
            } else {
                if (z == p->left) {
                    z = p;
                    rotate_right(t, z);
                    p = z->parent;
                }
                p->red = 0;
                g->red = 1;
                rotate_left(t, g);
            }
        }
    }
    t->root->red = 0;
    return 1;
}

static rb_node_t *minimum(rb_node_t *n)
{
    while (n->left)
        n = n->left;
    return n;
}

/* Replaces the subtree at u by the one at v (v may be NULL). */
static void transplant(rbtree_t *t, rb_node_t *u, rb_node_t *v)
{
    if (!u->parent)
        t->root = v;
    else if (u == u->parent->left)
        u->parent->left = v;
    else
        u->parent->right = v;
    if (v)
        v->parent = u->parent;
}

/* Restores the colours after removing a black node; x (maybe NULL) sits
 * where it was, under xp. */
static void delete_fixup(rbtree_t *t, rb_node_t *x, rb_node_t *xp)
{
    while (x != t->root && !is_red(x)) {
        if (x == xp->left) {
            rb_node_t *w = xp->right;
            if (is_red(w)) {
                w->red = 0;
                xp->red = 1;
                rotate_left(t, xp);
                w = xp->right;
            }
            if (!is_red(w->left) && !is_red(w->right)) {
                w->red = 1;
                x = xp;
                xp = x->parent;
            } else {
                if (!is_red(w->right)) {
                    w->left->red = 0;
                    w->red = 1;
                    rotate_right(t, w);
                    w = xp->right;
                }
                w->red = xp->red;
                xp->red = 0;
                if (w->right)
                    w->right->red = 0;
                rotate_left(t, xp);
                x = t->root;
                xp = NULL;
            }
        } else {
            rb_node_t *w = xp->left;
            if (is_red(w)) {
                w->red = 0;
                xp->red = 1;
                rotate_right(t, xp);
                w = xp->left;
            }
            if (!is_red(w->left) && !is_red(w->right)) {
                w->red = 1;
                x = xp;
                xp = x->parent;
            } else {
                if (!is_red(w->left)) {
                    w->right->red = 0;
                    w->red = 1;
                    rotate_left(t, w);
                    w = xp->left;
                }
                w->red = xp->red;
                xp->red = 0;
                if (w->left)
                    w->left->red = 0;
                rotate_right(t, xp);
                x = t->root;
                xp = NULL;
            }
        }
    }
    if (x)
        x->red = 0;
}

void *rbtree_delete(rbtree_t *t, long key)
{
    rb_node_t *z = find_node(t, key);
    if (!z)
        return NULL;
    void *val = z->val;
    rb_node_t *x, *xp;
    int removed_red;
    if (!z->left) {
        x = z->right;
        xp = z->parent;
        removed_red = z->red;
        transplant(t, z, z->right);
    } else if (!z->right) {
        x = z->left;
        xp = z->parent;
        removed_red = z->red;
        transplant(t, z, z->left);
    } else {
        rb_node_t *y = minimum(z->right);
        removed_red = y->red;
        x = y->right;
        if (y->parent == z) {
            xp = y;
        } else {
            xp = y->parent;
            transplant(t, y, y->right);
            y->right = z->right;
            y->right->parent = y;
        }
        transplant(t, z, y);
        y->left = z->left;
        y->left->parent = y;
        y->red = z->red;
    }
    t->size--;
    free(z);
    if (!removed_red)
        delete_fixup(t, x, xp);
    return val;
}

rb_node_t *rbtree_ceiling(const rbtree_t *t, long k)
{
    rb_node_t *n = t->root, *best = NULL;
    while (n) {
        int c = t->cmp(k, n->key);
        if (c == 0)
            return n;
        if (c < 0) {
            best = n;
            n = n->left;
        } else {
            n = n->right;
        }
    }
    return best;
}

rb_node_t *rbtree_first(const rbtree_t *t)
{
    return t->root ? minimum(t->root) : NULL;
}

rb_node_t *rbtree_next(const rb_node_t *n)
{
    if (n->right)
        return minimum(n->right);
    while (n->parent && n == n->parent->right)
        n = n->parent;
    return n->parent;
}

/* Black height of the subtree, or -1 when it breaks a rule. */
static int check_subtree(const rbtree_t *t, const rb_node_t *n, const rb_node_t *parent,
                         long *count, const char **why)
{
    if (!n)
        return 1;
    if (n->parent != parent) {
        *why = "bad parent link";
        return -1;
    }
    if (n->red && is_red(n->left)) {
        *why = "red node with a red child";
        return -1;
    }
    if (n->red && is_red(n->right)) {
        *why = "red node with a red child";
        return -1;
    }
    if (n->left && t->cmp(n->left->key, n->key) >= 0) {
        *why = "keys out of order";
        return -1;
    }
    if (n->right && t->cmp(n->right->key, n->key) <= 0) {
        *why = "keys out of order";
        return -1;
    }
    (*count)++;
    int l = check_subtree(t, n->left, n, count, why);
    if (l < 0)
        return -1;
    int r = check_subtree(t, n->right, n, count, why);
    if (r < 0)
        return -1;
    if (l != r) {
        *why = "unequal black heights";
        return -1;
    }
    return l + (n->red ? 0 : 1);
}

int rbtree_verify(const rbtree_t *t, const char **why)
{
    long count = 0;
    *why = "";
    if (is_red(t->root)) {
        *why = "red root";
        return 0;
    }
    if (check_subtree(t, t->root, NULL, &count, why) < 0)
        return 0;
    /* in-order walk must be strictly increasing as well */
    long walked = 0;
    const rb_node_t *prev = NULL;
    for (const rb_node_t *n = rbtree_first(t); n; n = rbtree_next(n)) {
        if (prev && t->cmp(prev->key, n->key) >= 0) {
            *why = "in-order walk not increasing";
            return 0;
        }
        prev = n;
        if (++walked > count)
            break;
    }
    if (count != t->size || walked != count) {
        *why = "size field does not match the node count";
        return 0;
    }
    return 1;
}

static void destroy_subtree(rb_node_t *n, void (*free_val)(void *))
{
    while (n) {
        destroy_subtree(n->left, free_val);
        rb_node_t *r = n->right;
        if (free_val)
            free_val(n->val);
        free(n);
        n = r;
    }
}

void rbtree_destroy(rbtree_t *t, void (*free_val)(void *))
{
    destroy_subtree(t->root, free_val);
    t->root = NULL;
    t->size = 0;
}
