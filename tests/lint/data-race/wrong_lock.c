/*
 * wrong_lock.c -- pattern: "wrong lock".
 *
 * The balance of the shared account is meant to be protected by
 * `balance_lock`.  The depositor thread takes `balance_lock`, but the
 * withdrawer thread takes `audit_lock` (a different mutex) around the same
 * update.  Both threads hold *a* lock, but no common lock: data-race#1 on
 * `balance` (both read-modify-write lines are reported locations).
 * `audit_count` is only touched under `audit_lock`: no race.
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
        balance += 10; // LINT: data-race#1
        pthread_mutex_unlock(&balance_lock);
    }
    return NULL;
}

static void *withdrawer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&audit_lock);
        balance -= 10; // LINT: data-race#1
        audit_count++;
        pthread_mutex_unlock(&audit_lock);
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
