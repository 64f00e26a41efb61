/*
 * malloc_free.c - malloc and free inside atomic blocks.
 *
 * A shared stack of heap nodes: push allocates its node inside the block;
 * pop_free unlinks and frees inside the block; pop_later unlinks inside
 * the block and frees after it (privatization); a block that allocates
 * and then retries (stack too full) must not leak or double-use memory;
 * calloc'd nodes must come out zeroed.  Every pushed value is popped once.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 33:9: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: pushed: 24000
// EXPECT: popped: 24000
// EXPECT: sum: ok
// EXPECT: calloc: zeroed
// EXPECT: stack: empty

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct node { long val; long extra[3]; struct node *next; };

static struct node *top;
static int depth;
static long pushed, popped, sum_in, sum_out, not_zero;

static void *pusher(void *arg)
{
    long id = (long)arg;
    for (long i = 1; i <= 6000; i++) {
        long v = id * 100000 + i;
        atomic {
            struct node *n = (i & 1) ? malloc(sizeof *n) : calloc(1, sizeof *n);
            if (!(i & 1) && (n->extra[0] | n->extra[1] | n->extra[2]))
                not_zero++;
            n->val = v;
            n->extra[0] = n->extra[1] = n->extra[2] = v;
            n->next = top;
            if (depth >= 64)
                retry;                 /* the allocation is released */
            top = n;
            depth++;
            pushed++;
            sum_in += v;
        }
    }
    return NULL;
}

static void *popper(void *arg)
{
    long mine = 0, n = (long)arg;
    for (long i = 0; i < n; i++) {
        struct node *got;
        atomic {
            if (top == NULL)
                retry;
            got = top;
            top = got->next;
            depth--;
            popped++;
            if (i & 1) {
                mine += got->val + got->extra[2] - got->val;
                free(got);             /* freed inside the block */
                got = NULL;
            }
        }
        if (got) {                     /* unlinked: now private */
            mine += got->extra[1];
            got->extra[1] = -1;
            free(got);
        }
    }
    atomic { sum_out += mine; }
    return NULL;
}

int main(void)
{
    pthread_t p[4], c[2];
    for (long i = 0; i < 2; i++)
        pthread_create(&c[i], NULL, popper, (void *)(i ? 10000L : 14000L));
    for (long i = 0; i < 4; i++)
        pthread_create(&p[i], NULL, pusher, (void *)i);
    for (int i = 0; i < 4; i++)
        pthread_join(p[i], NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(c[i], NULL);
    printf("pushed: %ld\n", pushed);
    printf("popped: %ld\n", popped);
    printf("sum: %s\n", sum_in == sum_out ? "ok" : "BAD");
    printf("calloc: %s\n", not_zero ? "NOT ZEROED" : "zeroed");
    printf("stack: %s\n", top == NULL && depth == 0 ? "empty" : "NOT EMPTY");
    return 0;
}
