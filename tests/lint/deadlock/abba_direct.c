/*
 * abba_direct.c -- pattern: "ABBA".
 *
 * Thread `left` takes `fork_a` then `fork_b`; thread `right` takes `fork_b`
 * then `fork_a`.  The lock-order graph has the edges fork_a -> fork_b and
 * fork_b -> fork_a: a cycle, deadlock#1.  The tagged lines are the inner
 * acquisitions of the two edges.  The threads overlap (both are created
 * before either is joined).
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t fork_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t fork_b = PTHREAD_MUTEX_INITIALIZER;
static int meals;

static void *left(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&fork_a);
        pthread_mutex_lock(&fork_b); // LINT: deadlock#1
        meals++;
        pthread_mutex_unlock(&fork_b);
        pthread_mutex_unlock(&fork_a);
    }
    return NULL;
}

static void *right(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&fork_b);
        pthread_mutex_lock(&fork_a); // LINT: deadlock#1
        meals++;
        pthread_mutex_unlock(&fork_a);
        pthread_mutex_unlock(&fork_b);
    }
    return NULL;
}

int main(void)
{
    pthread_t l, r;
    pthread_create(&l, NULL, left, NULL);
    pthread_create(&r, NULL, right, NULL);
    pthread_join(l, NULL);
    pthread_join(r, NULL);
    printf("%d\n", meals);
    return 0;
}
