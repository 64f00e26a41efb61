/*
 * latch.c -- part of clean/cw_mf_latch_while (see main.c).
 * latch_await() re-tests `remaining` in a while loop.
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
    while (l->remaining > 0)
        pthread_cond_wait(&l->zero, &l->m);
    pthread_mutex_unlock(&l->m);
}
