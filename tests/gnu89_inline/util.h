/* util.h - GNU89 inline functions: `extern inline` bodies are for inlining only */
#ifndef UTIL_H
#define UTIL_H

#ifndef UTIL_INLINE
#ifdef GNU_INLINE_ATTR
#define UTIL_INLINE extern __inline __attribute__((__gnu_inline__))
#else
#define UTIL_INLINE extern inline
#endif
#endif

struct counter { long n; long hi; };
extern struct counter ctr;

UTIL_INLINE long ctr_get(const struct counter *c) { return c->n; }
UTIL_INLINE void ctr_add(struct counter *c, long d)
{
    c->n += d;
    if (c->n > c->hi)
        c->hi = c->n;
}
UTIL_INLINE void ctr_bump(struct counter *c) { atomic { ctr_add(c, 1); } }
static inline long twice(long v) { return 2 * v; }

void *worker(void *arg);

#endif
