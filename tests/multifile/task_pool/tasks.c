/*
 * tasks.c - what tasks do.  task_new() fills t->run from a table of
 * functions; spawn pushes a new heap task from inside the running block.
 */
#include <stdlib.h>
#include "pool.h"

struct pool work;
struct stats *stats;

static void add(struct task *t)
{
    stats->sum += t->arg;
    stats->ran++;
}

static void twice(struct task *t)
{
    stats->doubled += 2 * t->arg;
    stats->ran++;
}

static void spawn(struct task *t)
{
    pool_push(&work, task_new(0, t->arg + 1));
    stats->spawned++;
    stats->ran++;
}

static void (*const kinds[3])(struct task *) = { add, twice, spawn };

struct task *task_new(int kind, long arg)
{
    struct task *t = malloc(sizeof *t);
    t->run = kinds[kind];
    t->arg = arg;
    t->next = NULL;
    return t;
}
