/*
 * ll_unlock_all_paths.c -- near miss of lock-leak/error_return.c and
 * lock-leak/malloc_failure.c; pattern: "error paths unlock before
 * returning".
 *
 * withdraw() and node_push() have the same early returns as the buggy
 * versions, but every return that follows the lock is preceded by an
 * unlock.
 * No finding.
// NEAR-MISS: lock-leak
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct node {
    int value;
    struct node *next;
};

static pthread_mutex_t acct_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t list_lock = PTHREAD_MUTEX_INITIALIZER;
static long balance = 100;
static struct node *head;

static int withdraw(long amount)
{
    pthread_mutex_lock(&acct_lock);
    if (balance < amount) {
        pthread_mutex_unlock(&acct_lock);
        return -1;
    }
    balance -= amount;
    pthread_mutex_unlock(&acct_lock);
    return 0;
}

static struct node *node_push(int value)
{
    pthread_mutex_lock(&list_lock);
    struct node *n = malloc(sizeof *n);
    if (n == NULL) {
        pthread_mutex_unlock(&list_lock);
        return NULL;
    }
    n->value = value;
    n->next = head;
    head = n;
    pthread_mutex_unlock(&list_lock);
    return n;
}

static void *client(void *arg)
{
    long amount = (long)arg;
    for (int i = 0; i < 3; i++) {
        withdraw(amount);
        node_push((int)amount);
    }
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, client, (void *)30L);
    pthread_create(&b, NULL, client, (void *)70L);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    while (head) {
        struct node *n = head;
        head = n->next;
        free(n);
    }
    printf("%ld\n", balance);
    return 0;
}
