/*
 * stages.c -- part of deadlock/mf_three_locks (see main.c).  The three
 * stage threads; each nests two of the three locks.
 */
#include "pipeline.h"

void *stage_in(void *arg)
{
    (void)arg;
    for (int i = 0; i < 50; i++) {
        pthread_mutex_lock(&in_lock);
        in_count++;
        pthread_mutex_lock(&mid_lock); // LINT: deadlock#1
        mid_count++;
        pthread_mutex_unlock(&mid_lock);
        pthread_mutex_unlock(&in_lock);
    }
    return NULL;
}

void *stage_mid(void *arg)
{
    (void)arg;
    for (int i = 0; i < 50; i++) {
        pthread_mutex_lock(&mid_lock);
        mid_count++;
        pthread_mutex_lock(&out_lock); // LINT: deadlock#1
        out_count++;
        pthread_mutex_unlock(&out_lock);
        pthread_mutex_unlock(&mid_lock);
    }
    return NULL;
}

void *stage_out(void *arg)
{
    (void)arg;
    for (int i = 0; i < 50; i++) {
        pthread_mutex_lock(&out_lock);
        out_count++;
        pthread_mutex_lock(&in_lock); // LINT: deadlock#1
        in_count--;
        pthread_mutex_unlock(&in_lock);
        pthread_mutex_unlock(&out_lock);
    }
    return NULL;
}
