/*
 * unbraced.c - atomic blocks as the unbraced body of if / else, do-while,
 * while, for, a labelled statement and a case, and as the operand of a
 * statement expression.
 *
 * The lowering replaces each block by something that must still be one
 * statement: if it becomes two (a block plus a trailing pragma, say),
 * `if (c) atomic {...} else ...` no longer parses, a do-while loses its
 * body, or a loop runs only part of the block.  The counts show it.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 55:29: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: if/else: 20000 20000
// EXPECT: do-while: 40000
// EXPECT: while: 40000
// EXPECT: label and case: 40000 40000
// EXPECT: statement expression: 40000

#include <pthread.h>
#include <stdio.h>

static long odd, even, dw, wh, lab, cs, se;

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10000; i++) {
        if (i & 1)
            atomic { odd++; }
        else
            atomic { even++; }

        do
            atomic { dw++; }
        while (0);

        int n = 0;
        while (n++ < 1)
            atomic { wh++; }

        if (i >= 0)
            goto here;
        cs += 1000;                          /* never reached */
    here:
        atomic { lab++; }

        switch (i % 3) {
        case 0:
            atomic { cs++; }
            break;
        default:
            atomic { cs++; }
        }

        long v = ({ long t; atomic { t = ++se; } t; });
        if (v <= 0)
            atomic { se = -1000000; }
    }
    return NULL;
}

int main(void)
{
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("if/else: %ld %ld\n", odd, even);
    printf("do-while: %ld\n", dw);
    printf("while: %ld\n", wh);
    printf("label and case: %ld %ld\n", lab, cs);
    printf("statement expression: %ld\n", se);
    return 0;
}
