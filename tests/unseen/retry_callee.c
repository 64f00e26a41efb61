/*
 * retry_callee.c - `retry` inside functions called from atomic blocks.
 *
 * A counting semaphore whose acquire() retries inside a helper two calls
 * deep; a block acquires two permits from two different semaphores (the
 * second acquire may retry after the first has already decremented, and
 * that decrement must be undone); a callee writes through its pointer
 * parameter before it retries.  Permits are conserved and at most
 * `limit` holders are ever inside at once.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 28:5: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: acquired: 160000
// EXPECT: permits: 3 2
// EXPECT: max inside: ok
// EXPECT: scratch: 0

#include <pthread.h>
#include <stdio.h>

struct sem { int permits, limit, inside, max_inside; long acquired; };

static struct sem s1 = { 3, 3, 0, 0, 0 }, s2 = { 2, 2, 0, 0, 0 };
static long scratch;                 /* written before a retry: must read 0 after */

static void need(int cond)
{
    atomic {                         /* retry must sit in a block; this one */
        if (!cond)                   /* joins the caller's, so the retry */
            retry;                   /* restarts the outermost block */
    }
}

static void acquire(struct sem *s, long *note)
{
    *note += 1;                      /* undone by the retry */
    need(s->permits > 0);
    *note -= 1;
    s->permits--;
    s->inside++;
    if (s->inside > s->max_inside)
        s->max_inside = s->inside;
    s->acquired++;
}

static void release(struct sem *s)
{
    s->inside--;
    s->permits++;
}

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    for (int i = 0; i < 20000; i++) {
        if ((i + id) % 2) {
            atomic { acquire(&s1, &scratch); acquire(&s2, &scratch); }
            atomic { release(&s2); }
            atomic { release(&s1); }
        } else {
            atomic { acquire(&s2, &scratch); }
            atomic { acquire(&s1, &scratch); }
            atomic { release(&s1); release(&s2); }
        }
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
    printf("acquired: %ld\n", s1.acquired + s2.acquired);
    printf("permits: %d %d\n", s1.permits, s2.permits);
    printf("max inside: %s\n", s1.max_inside <= 3 && s2.max_inside <= 2 && s1.inside == 0 ? "ok" : "BAD");
    printf("scratch: %ld\n", scratch);
    return 0;
}
