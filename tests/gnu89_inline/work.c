/* work.c - blocks around util.h's inline functions, one call through a pointer */
#include <pthread.h>
#include "util.h"

static long (*get)(const struct counter *) = ctr_get;

void *worker(void *arg)
{
    long i;
    (void)arg;
    for (i = 0; i < 10000; i++) {
        ctr_bump(&ctr);
        atomic {
            ctr_add(&ctr, twice(1));
            if (get(&ctr) != ctr_get(&ctr))
                ctr.hi = -1;
        }
    }
    return NULL;
}
