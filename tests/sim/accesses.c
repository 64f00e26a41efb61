/* Which accesses the simulator instrumentation hooks: each CHECK names an
 * address, a kind of hook and the exact count expected. */
#include <stdio.h>
#include "hookcount.h"

struct node { int v; struct node *next; unsigned bf : 3; };
int g;
__thread int tls;
static int arr[16];
static int fails;

#define CHECK(addr, kind, want) do { unsigned long got_ = hook_count((addr), (kind)); \
    if (got_ != (unsigned long)(want)) { printf("FAIL line %d: %s %c: %lu, want %lu\n", __LINE__, #addr, \
                                                (kind), got_, (unsigned long)(want)); fails++; } } while (0)

static int sum(struct node *p)
{
    int s = 0;                      /* a private local: never hooked */
    for (; p; p = p->next)          /* p->next: one read per node */
        s += p->v;                  /* p->v: one read per node */
    return s;
}

int main(void)
{
    struct node ns[4];              /* address taken below: shared */
    int priv = 0;
    for (int i = 0; i < 4; i++) {
        ns[i].v = i;
        ns[i].next = i < 3 ? &ns[i + 1] : 0;
        ns[i].bf = 1;               /* bit-field: not hooked */
    }
    int s = sum(&ns[0]);
    for (int i = 0; i < 100; i++) {
        g++;                        /* a store (read-for-ownership) */
        arr[i % 16] += i;
        tls++;                      /* thread-local: not hooked */
        priv += i;
    }
    int sz = (int)sizeof(g) + (int)sizeof(arr[0]);   /* not evaluated: not hooked */
    CHECK(&g, 'w', 100);
    CHECK(&g, 'r', 0);
    CHECK(&arr[3], 'w', 7);         /* i = 3, 19, ..., 99 */
    CHECK(&tls, 'w', 0);
    CHECK(&ns[1].v, 'w', 1);
    CHECK(&ns[1].v, 'r', 1);
    CHECK(&ns[1].next, 'r', 1);
    CHECK(&ns[3].next, 'r', 1);
    CHECK(&ns[0].next, 'w', 1);
    if (hook_work() == 0) { printf("FAIL: no work charged\n"); fails++; }
    printf("s=%d g=%d arr3=%d tls=%d priv=%d sz=%d\n", s, g, arr[3], tls, priv, sz);
    return fails != 0;
}
