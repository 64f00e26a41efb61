/* pool.c - the pool's blocks; get and put wait with retry */
#include <stddef.h>
#include "pool.h"

void pool_push(struct pool *p, struct task *t)
{
    atomic {
        t->next = NULL;
        if (p->tail)
            p->tail->next = t;
        else
            p->head = t;
        p->tail = t;
        p->pending++;
    }
}

void pool_put(struct pool *p, struct task *t)
{
    atomic {
        if (p->pending >= POOL_LIMIT)
            retry;
        pool_push(p, t);
    }
}

struct task *pool_get(struct pool *p)
{
    struct task *t = NULL;
    atomic {
        if (p->head == NULL) {
            if (!p->closed)
                retry;
        } else {
            t = p->head;
            p->head = t->next;
            if (p->head == NULL)
                p->tail = NULL;
            p->pending--;
        }
    }
    return t;
}

void pool_close(struct pool *p)
{
    atomic { p->closed = 1; }
}
