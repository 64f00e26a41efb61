/*
 * int_ptr_alias.c - shared data reached through pointers that were cast
 * through integers, `void *` and `char *`.
 *
 * A registry stores object addresses as uintptr_t; blocks cast them back
 * and update the objects.  The same counters are also updated directly
 * by name in other blocks, and through a `void *` handle and byte-wise
 * through an `unsigned char *` view.  Every path must exclude every
 * other path to the same object: lost updates show in the totals.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 34:13: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: counter a: 40000
// EXPECT: counter b: 40000
// EXPECT: bytes: 0x2020202020202020
// EXPECT: registry: ok

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

struct counter { long n; long pad; };

static struct counter ca, cb;
static uintptr_t registry[2];
static void *handle;
static unsigned long word;

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    for (int i = 0; i < 10000; i++) {
        if ((i + id) % 2) {
            atomic {
                struct counter *c = (struct counter *)registry[0];
                c->n++;                           /* ca, through an integer */
            }
            atomic { cb.n++; }                     /* cb by name */
        } else {
            atomic { ca.n++; }                     /* ca by name */
            atomic {
                struct counter *c = handle;       /* cb, through void * */
                ((struct counter *)(void *)(uintptr_t)registry[1])->pad += 0;
                c->n += 1;
            }
        }
        if (i < 4) {
            atomic {
                unsigned char *bytes = (unsigned char *)&word;
                for (int k = 0; k < 8; k++)
                    bytes[k] += 1;               /* byte view of a word */
            }
        } else if (i < 8) {
            atomic { word += 0x0101010101010101UL; }   /* the word by name */
        }
    }
    return NULL;
}

int main(void)
{
    registry[0] = (uintptr_t)&ca;
    registry[1] = (uintptr_t)&cb;
    handle = &cb;
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("counter a: %ld\n", ca.n);
    printf("counter b: %ld\n", cb.n);
    printf("bytes: %#018lx\n", word);
    printf("registry: %s\n", registry[0] == (uintptr_t)&ca && handle == &cb ? "ok" : "BAD");
    return 0;
}
