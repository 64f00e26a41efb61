/*
 * struct_copy.c - whole-struct loads and stores of shared structs in blocks.
 *
 * Four threads each copy the shared record `cur` into a local (struct
 * load), bump its nested fields, store it back (struct store), copy it
 * shared-to-shared into their own snapshot slot, and read a nested
 * struct through a struct-returning helper.  A record is consistent
 * when sum == x + y + z and y == 2x, z == 3x; no copy may ever see a
 * torn record.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 52:9: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: x: 80000
// EXPECT: sum: 480000
// EXPECT: torn copies: 0
// EXPECT: snapshots: ok

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define NTHREADS 4
#define ROUNDS   20000

struct point { long x, y, z; };
struct rec {
    struct point p;
    long sum;
    char name[8];
};

static struct rec cur;
static struct rec snap[NTHREADS];
static long torn;

static int consistent(const struct rec *r)
{
    return r->p.y == 2 * r->p.x && r->p.z == 3 * r->p.x && r->sum == r->p.x + r->p.y + r->p.z;
}

static struct point current_point(void)     /* called inside a block */
{
    return cur.p;
}

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    long my_torn = 0;
    for (int i = 0; i < ROUNDS; i++) {
        struct point seen;
        atomic {
            struct rec r = cur;             /* struct load */
            r.p.x += 1;
            r.p.y += 2;
            r.p.z += 3;
            r.sum += 6;
            r.name[0] = (char)('a' + id);
            r.name[1] = 0;
            cur = r;                        /* struct store */
            snap[id] = cur;                 /* shared-to-shared copy */
            seen = current_point();
        }
        if (seen.y != 2 * seen.x || seen.z != 3 * seen.x)
            my_torn++;
        struct rec mine;
        atomic { mine = snap[id]; }
        if (!consistent(&mine) || mine.name[0] != 'a' + id)
            my_torn++;
    }
    atomic { torn += my_torn; }
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    strcpy(cur.name, "init");
    for (long i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    printf("x: %ld\n", cur.p.x);
    printf("sum: %ld\n", cur.sum);
    printf("torn copies: %ld\n", torn);
    int ok = 1;
    for (int i = 0; i < NTHREADS; i++)
        if (!consistent(&snap[i]) || snap[i].p.x <= 0 || snap[i].name[0] != 'a' + i)
            ok = 0;
    printf("snapshots: %s\n", ok && consistent(&cur) ? "ok" : "BAD");
    return 0;
}
