/*
 * malloc_failure.c -- pattern: "allocation failure path leaks the lock".
 *
 * node_push() takes `list_lock`, allocates a node and returns NULL when
 * malloc fails -- without unlocking: lock-leak#1.  The success path
 * unlocks.  main calls node_push() once per thread.  (The list nodes are
 * freed by main after the joins.)
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct node {
    int value;
    struct node *next;
};

static pthread_mutex_t list_lock = PTHREAD_MUTEX_INITIALIZER;
static struct node *head;

static struct node *node_push(int value)
{
    pthread_mutex_lock(&list_lock); // LINT: lock-leak#1
    struct node *n = malloc(sizeof *n);
    if (n == NULL)
        return NULL; // LINT: lock-leak#1
    n->value = value;
    n->next = head;
    head = n;
    pthread_mutex_unlock(&list_lock);
    return n;
}

static void *pusher(void *arg)
{
    return node_push((int)(long)arg);
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, pusher, (void *)1L);
    pthread_create(&b, NULL, pusher, (void *)2L);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    while (head) {
        struct node *n = head;
        head = n->next;
        free(n);
    }
    return 0;
}
