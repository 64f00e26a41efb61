/* strict_warnings.h - an atomic block in a header (the lowered unit is then
 * its preprocessed text, which has lost every comment) */
#ifndef STRICT_WARNINGS_H
#define STRICT_WARNINGS_H

struct counts {
    long zero, low, high;
};

static inline void tally(struct counts *c, int k)
{
    atomic {
        switch (k) {
        case 0:
            c->zero++;
            /* fall through */
        case 1:
            c->low++;
            break;
        default:
            c->high++;
        }
    }
}

#endif
