/* pool.h - a work pool of heap-allocated tasks that carry their own function */
#ifndef POOL_H
#define POOL_H

struct task {
    void (*run)(struct task *);
    long arg;
    struct task *next;
};

struct pool {
    struct task *head, *tail;
    long pending;
    int closed;
};

#define POOL_LIMIT 64

void pool_put(struct pool *p, struct task *t);        /* retries while the pool is full */
void pool_push(struct pool *p, struct task *t);       /* never waits (for tasks that spawn) */
struct task *pool_get(struct pool *p);                /* retries while empty; NULL once closed */
void pool_close(struct pool *p);

/* tasks.c */
struct stats {
    long sum, doubled, spawned, ran;
};
extern struct pool work;
extern struct stats *stats;
struct task *task_new(int kind, long arg);

#endif
