/*
 * fnptr.c - function pointers called inside atomic blocks.
 *
 * Table-driven: calls straight through an element of a const table of
 * function pointers indexed by a computed value and through "vtable"
 * struct members (no named pointer variable); also a local picked by ?:
 * and a callback parameter.  Every target is known from the initializers.  The operations
 * keep `acct.balance + acct.fees == acct.deposits`.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 47:9: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: deposits: 40000
// EXPECT: balance+fees: 40000
// EXPECT: ops: 0=10000 1=10000 2=10000 3=10000
// EXPECT: invariant: held

#include <pthread.h>
#include <stdio.h>

struct acct { long balance, fees, deposits; long ops[4]; };
typedef void (*op_fn)(struct acct *, long);

static struct acct acct;
static long broken;

static void dep(struct acct *a, long v) { a->balance += v; a->deposits += v; a->ops[0]++; }
static void dep_fee(struct acct *a, long v) { a->balance += v - 1; a->fees += 1; a->deposits += v; a->ops[1]++; }
static void dep_half(struct acct *a, long v) { a->balance += v / 2; a->fees += v - v / 2; a->deposits += v; a->ops[2]++; }
static void dep_all_fee(struct acct *a, long v) { a->fees += v; a->deposits += v; a->ops[3]++; }

static op_fn const table[4] = { dep, dep_fee, dep_half, dep_all_fee };

struct vt { op_fn apply; int (*check)(const struct acct *); };
static int check(const struct acct *a) { return a->balance + a->fees == a->deposits; }
static struct vt vtab;

static void with_callback(void (*cb)(struct acct *, long), long v)
{
    cb(&acct, v);
}

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    for (int i = 0; i < 10000; i++) {
        int k = (i * 7 + id) % 4;
        atomic {
            switch (k) {
            case 0: table[(k + id * 4) % 4](&acct, 1); break;
            case 1: { op_fn f = (i & 1) ? dep_fee : table[1]; f(&acct, 1); } break;
            case 2: with_callback(dep_half, 1); break;
            default: vtab.apply(&acct, 1); break;
            }
            if (!vtab.check(&acct))
                broken++;
        }
    }
    return NULL;
}

int main(void)
{
    vtab.apply = dep_all_fee;
    vtab.check = check;
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("deposits: %ld\n", acct.deposits);
    printf("balance+fees: %ld\n", acct.balance + acct.fees);
    printf("ops: 0=%ld 1=%ld 2=%ld 3=%ld\n", acct.ops[0], acct.ops[1], acct.ops[2], acct.ops[3]);
    printf("invariant: %s\n", broken ? "BROKEN" : "held");
    return 0;
}
