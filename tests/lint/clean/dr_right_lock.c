/*
 * dr_right_lock.c -- near miss of data-race/wrong_lock.c; pattern: "right
 * lock".
 *
 * Same shape as wrong_lock.c, but the withdrawer takes `balance_lock`, the
 * same mutex as the depositor, around the update of `balance`, and
 * `audit_count` is updated under `audit_lock` nested inside it (always in
 * the order balance_lock -> audit_lock, so no lock-order cycle).  Every
 * shared access holds a common lock; main reads after the joins.
 * No finding.
// NEAR-MISS: data-race
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t audit_lock = PTHREAD_MUTEX_INITIALIZER;
static long balance = 100;
static long audit_count;

static void *depositor(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&balance_lock);
        balance += 10;
        pthread_mutex_unlock(&balance_lock);
    }
    return NULL;
}

static void *withdrawer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&balance_lock);
        balance -= 10;
        pthread_mutex_lock(&audit_lock);
        audit_count++;
        pthread_mutex_unlock(&audit_lock);
        pthread_mutex_unlock(&balance_lock);
    }
    return NULL;
}

int main(void)
{
    pthread_t d, w;
    pthread_create(&d, NULL, depositor, NULL);
    pthread_create(&w, NULL, withdrawer, NULL);
    pthread_join(d, NULL);
    pthread_join(w, NULL);
    printf("balance %ld audits %ld\n", balance, audit_count);
    return 0;
}
