/* ctx.c - the context lives on the heap */
#include <stdlib.h>
#include "registry.h"

struct ctx *ctx_new(void)
{
    return calloc(1, sizeof(struct ctx));
}

long ctx_value(struct ctx *c)
{
    long v;
    atomic { v = c->value; }
    return v;
}
