/* STM: pointer chasing, a transactional clone, malloc in a block, locals. */
// EXPECT: nodes: 800 inserted: 800 sorted: yes
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct node { int key; struct node *next; };
static struct node *head;
static long inserted;

static struct node *find_prev(int key)
{
    struct node *p = head;
    while (p != NULL && p->next != NULL && p->next->key < key)
        p = p->next;
    return p;
}

int insert(int key)
{
    int done = 0;
    atomic {
        struct node *n = malloc(sizeof *n);
        struct node *prev = find_prev(key);
        n->key = key;
        if (prev == NULL || prev->key > key) {
            n->next = head;
            head = n;
        } else {
            n->next = prev->next;
            prev->next = n;
        }
        inserted++;
        done = 1;
    }
    return done;
}

static void *inserter(void *arg)
{
    long first = (long)arg;
    for (int k = 0; k < 200; k++)
        insert((int)(first + 4 * k));     /* the threads' keys interleave */
    return NULL;
}

int main(void)
{
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, inserter, (void *)i);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    long nodes = 0, count;
    int sorted = 1;
    for (struct node *p = head; p != NULL; p = p->next) {     /* every thread has ended */
        nodes++;
        if (p->next != NULL && p->next->key <= p->key)
            sorted = 0;
    }
    atomic { count = inserted; }
    printf("nodes: %ld inserted: %ld sorted: %s\n", nodes, count, sorted ? "yes" : "no");
    return 0;
}
