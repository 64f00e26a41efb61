/* ops1.c - two handlers; `apply` is also the name of ops2.c's statics */
#include "registry.h"

static void apply(struct ctx *c, long v)
{
    c->value += v;
    c->by_op[0]++;
}

static void apply_twice(struct ctx *c, long v)
{
    apply(c, v);
    apply(c, v);
    c->by_op[0] -= 2;
    c->by_op[1]++;
}

void ops1_register(void)
{
    register_op(0, apply);
    register_op(1, apply_twice);
}
