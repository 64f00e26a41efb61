/*
 * ptr_swap.c - blocks that reassign the pointers and indices they then
 * dereference.
 *
 * A table of pointers to accounts is permuted inside the same block that
 * then updates the accounts through the *new* table entries; a local
 * index is advanced inside the block before it is used; a callee walks a
 * pointer parameter to the next element before writing.  A strategy that
 * computes the locations at block entry (from the old pointer / index
 * values) would protect the wrong objects: the totals expose it.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 40:9: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: balances: 40000
// EXPECT: ring: 40000
// EXPECT: walked: 40000
// EXPECT: table: permutation

#include <pthread.h>
#include <stdio.h>

#define NA 8
struct account { long bal, walks; struct account *next; };

static struct account accts[NA];
static struct account *table[NA];
static long ring[NA];

static void bump_next(struct account *p)
{
    p = p->next;                 /* the parameter is reassigned */
    p->walks += 1;
}

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    for (int i = 0; i < 10000; i++) {
        int a = (i + id) % NA, b = (i * 3 + id + 1) % NA;
        atomic {
            struct account *t = table[a];
            table[a] = table[b];
            table[b] = t;
            table[a]->bal += 1;          /* the account that was at b */
        }
        int k = (i + id) % NA;
        atomic {
            k = (k + 1) % NA;            /* the index changes inside the block */
            ring[k] += 1;
        }
        atomic { bump_next(&accts[(i * 5 + id) % NA]); }
    }
    return NULL;
}

int main(void)
{
    for (int i = 0; i < NA; i++) {
        table[i] = &accts[i];
        accts[i].next = &accts[(i + 1) % NA];
    }
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    long s = 0, r = 0, w = 0;
    int seen[NA] = { 0 }, perm = 1;
    for (int i = 0; i < NA; i++) {
        s += accts[i].bal;
        w += accts[i].walks;
        r += ring[i];
        long idx = table[i] - accts;
        if (idx < 0 || idx >= NA || seen[idx]++)
            perm = 0;
    }
    printf("balances: %ld\n", s);
    printf("ring: %ld\n", r);
    printf("walked: %ld\n", w);
    printf("table: %s\n", perm ? "permutation" : "BROKEN");
    return 0;
}
