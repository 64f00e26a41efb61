/*
 * main.c -- double-lock/mf_relock, a two-file program (main.c,
 * registry.c, registry.h); pattern: "relock through a function in another
 * file".
 *
 * register_once() takes the external `reg_lock` to make its
 * check-then-add atomic, and while holding it calls reg_count() in
 * registry.c, which locks `reg_lock` again: double-lock#1 (the call here
 * and the lock call in registry.c).  Its later call to reg_add() happens
 * after the unlock: correct.
 */
#include <stdio.h>
#include "registry.h"

static int register_once(int id)
{
    int full;
    pthread_mutex_lock(&reg_lock);
    full = reg_count() >= 32; // LINT: double-lock#1
    pthread_mutex_unlock(&reg_lock);
    if (!full)
        reg_add(id);
    return !full;
}

static void *client(void *arg)
{
    return (void *)(long)register_once((int)(long)arg);
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, client, (void *)1L);
    pthread_create(&b, NULL, client, (void *)2L);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%d\n", reg_count());
    return 0;
}
