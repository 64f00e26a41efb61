/*
 * gnu89_inline - GNU89 inline functions in a header, called in atomic blocks.
 *
 * util.h defines its functions `extern inline` (GNU89 semantics: the bodies
 * are for inlining only, under -std=gnu89, -fgnu89-inline or the gnu_inline
 * attribute) and util.c, which defines UTIL_INLINE empty, has their
 * out-of-line definitions; one of them holds an atomic block.  Their
 * transactional clones must follow the same rule.  Written in C89 with
 * GNU extensions, so that it builds with -std=gnu89 too.
 */
// EXPECT: n: 120000 hi: 120000

#include <pthread.h>
#include <stdio.h>
#include "util.h"

int main(void)
{
    pthread_t t[4];
    int i;
    for (i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("n: %ld hi: %ld\n", ctr_get(&ctr), ctr.hi);
    return 0;
}
