/*
 * latch.c -- part of cond-wait-no-loop/mf_latch_if (see main.c).
 * latch_await() waits once under `if`: cond-wait-no-loop#1.
 */
#include "latch.h"

void latch_init(struct latch *l, int n)
{
    pthread_mutex_init(&l->m, NULL);
    pthread_cond_init(&l->zero, NULL);
    l->remaining = n;
}

void latch_count_down(struct latch *l)
{
    pthread_mutex_lock(&l->m);
    if (l->remaining > 0 && --l->remaining == 0)
        pthread_cond_broadcast(&l->zero);
    pthread_mutex_unlock(&l->m);
}

void latch_await(struct latch *l)
{
    pthread_mutex_lock(&l->m);
    if (l->remaining > 0)
        pthread_cond_wait(&l->zero, &l->m); // LINT: cond-wait-no-loop#1
    pthread_mutex_unlock(&l->m);
}
