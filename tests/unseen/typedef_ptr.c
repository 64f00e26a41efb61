/*
 * typedef_ptr.c - typedef'd pointer types in atomic blocks.
 *
 * A sorted singly linked list manipulated only through typedef names
 * that hide the pointers: `node_p` (struct node *), `link_p`
 * (node_p *, a pointer to a link field), a typedef'd pointer to a
 * const node, and a typedef'd array of pointers.  Insertion walks the
 * links with a link_p; removal unlinks through it.  The list stays
 * sorted and its length matches the inserts minus the removes.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 35:5: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: inserted: 2000
// EXPECT: removed: 1000
// EXPECT: length: 1000
// EXPECT: sorted: yes

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct node *node_p;
typedef node_p *link_p;
typedef const struct node *cnode_p;
typedef node_p heads_t[2];
struct node { long key; node_p next; };

static heads_t heads;                /* two lists: even and odd keys */
static long inserted, removed;

static void insert(long key)
{
    node_p n = malloc(sizeof *n);
    n->key = key;
    atomic {
        link_p l = &heads[key & 1];
        while (*l && (*l)->key < key)
            l = &(*l)->next;
        n->next = *l;
        *l = n;
        inserted++;
    }
}

static int remove_key(long key)
{
    node_p victim = NULL;
    atomic {
        link_p l = &heads[key & 1];
        for (; *l; l = &(*l)->next) {
            if ((*l)->key == key) {
                victim = *l;
                *l = victim->next;
                removed++;
                break;
            }
        }
    }
    free(victim);
    return victim != NULL;
}

static void *worker(void *arg)
{
    long id = (long)arg;
    for (long i = 0; i < 500; i++) {
        long key = (i * 4 + id) * 13 % 2000;
        insert(key);
        if (key % 2 == 0)
            while (!remove_key(key))
                ;                      /* inserted above: always found */
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
    long len = 0;
    int sorted = 1;
    for (int h = 0; h < 2; h++)
        for (cnode_p n = heads[h]; n; n = n->next) {
            len++;
            if (n->next && n->next->key < n->key)
                sorted = 0;
        }
    printf("inserted: %ld\n", inserted);
    printf("removed: %ld\n", removed);
    printf("length: %ld\n", len);
    printf("sorted: %s\n", sorted ? "yes" : "no");
    return 0;
}
