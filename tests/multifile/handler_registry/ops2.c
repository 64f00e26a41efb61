/* ops2.c - two more handlers, again a static named `apply` */
#include "registry.h"

static void apply(struct ctx *c, long v)
{
    c->value -= v;
    c->by_op[2]++;
}

static void undo_three(struct ctx *c, long v)
{
    c->value -= 3 * v;
    c->by_op[3]++;
}

void ops2_register(void)
{
    register_op(2, apply);
    register_op(3, undo_three);
}
