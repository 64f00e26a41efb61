/*
 * addr_of.c - addresses of shared fields passed to functions called in
 * atomic blocks.
 *
 * swap(&a[i].x, &a[j].x) exchanges fields of two elements picked at run
 * time; add(&s.counters[k], n) bumps an element through a pointer
 * parameter; minmax() writes two results through out-pointers into a
 * shared struct; a pointer to a shared field is stored in a local and
 * used twice.  The multiset of values is conserved by the swaps.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 45:9: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: multiset: conserved
// EXPECT: counters: 40000
// EXPECT: minmax: 0 15
// EXPECT: via local pointer: 80000

#include <pthread.h>
#include <stdio.h>

struct item { long x; long y; };
struct stats { long counters[4]; long lo, hi; long via; };

static struct item items[16];
static struct stats st;

static void swap(long *p, long *q) { long t = *p; *p = *q; *q = t; }
static void add(long *p, long n) { *p += n; }
static void minmax(const struct item *v, int n, long *lo, long *hi)
{
    *lo = *hi = v[0].x;
    for (int i = 1; i < n; i++) {
        if (v[i].x < *lo) *lo = v[i].x;
        if (v[i].x > *hi) *hi = v[i].x;
    }
}

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    unsigned r = 12345u + (unsigned)id;
    for (int i = 0; i < 10000; i++) {
        r = r * 1103515245u + 12345u;
        int a = (int)(r >> 16) % 16, b = (int)(r >> 8) % 16;
        atomic {
            swap(&items[a].x, &items[b].x);
            swap(&items[a].y, &(items + b)->y);
            add(&st.counters[(a + b) % 4], 1);
            if (i % 100 == 0)
                minmax(items, 16, &st.lo, &st.hi);
            long *v = &st.via;
            *v += 1;
            add(v, 1);
        }
    }
    return NULL;
}

int main(void)
{
    for (int i = 0; i < 16; i++)
        items[i] = (struct item){ .x = i, .y = 100 + i };
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    int seen[16] = { 0 }, seen_y[16] = { 0 }, ok = 1;
    for (int i = 0; i < 16; i++) {
        if (items[i].x < 0 || items[i].x > 15 || items[i].y < 100 || items[i].y > 115) { ok = 0; break; }
        seen[items[i].x]++;
        seen_y[items[i].y - 100]++;
    }
    for (int i = 0; i < 16 && ok; i++)
        ok = seen[i] == 1 && seen_y[i] == 1;
    printf("multiset: %s\n", ok ? "conserved" : "BROKEN");
    printf("counters: %ld\n", st.counters[0] + st.counters[1] + st.counters[2] + st.counters[3]);
    printf("minmax: %ld %ld\n", st.lo, st.hi);
    printf("via local pointer: %ld\n", st.via);
    return 0;
}
