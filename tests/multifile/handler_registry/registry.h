/* registry.h - handlers registered by index from several files */
#ifndef REGISTRY_H
#define REGISTRY_H

struct ctx {
    long value;
    long dispatched;
    long by_op[4];
};

typedef void (*op_fn)(struct ctx *, long);

void register_op(int i, op_fn f);               /* registry.c */
void dispatch(int i, struct ctx *c, long v);    /* registry.c: block calls table[i] */
void ops1_register(void);                       /* ops1.c: ops 0 and 1 */
void ops2_register(void);                       /* ops2.c: ops 2 and 3 */
struct ctx *ctx_new(void);                      /* ctx.c */
long ctx_value(struct ctx *c);

#endif
