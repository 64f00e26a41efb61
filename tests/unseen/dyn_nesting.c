/*
 * dyn_nesting.c - a block inside a function called from another block.
 *
 * move() has its own atomic block and is called both on its own and from
 * inside batch()'s block (dynamic nesting: the inner block joins the outer
 * one).  batch() moves units around a cycle of three accounts through
 * move() and then checks, still inside its block, that the cycle left
 * every account as it was; an auditor must never see a half-done batch.
 * A nested block leaves early by return from inside the callee.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 28:5: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: total: 3000
// EXPECT: batches: 20000
// EXPECT: singles: 10000
// EXPECT: audits: ok
// EXPECT: batch checks: ok

#include <pthread.h>
#include <stdio.h>

#define NA 6
static long acct[NA];
static long batches, singles, bad_audit, bad_batch;

static int move(int from, int to, long amt)
{
    atomic {
        if (acct[from] < amt)
            return 0;               /* leaves the (possibly nested) block */
        acct[from] -= amt;
        acct[to] += amt;
    }
    return 1;
}

static void batch(int a, int b, int c)
{
    atomic {
        long before_a = acct[a], before_b = acct[b], before_c = acct[c];
        int ok = move(a, b, 7);
        ok = ok && move(b, c, 7);
        ok = ok && move(c, a, 7);
        if (ok && (acct[a] != before_a || acct[b] != before_b || acct[c] != before_c))
            bad_batch++;
        if (!ok && acct[a] + acct[b] + acct[c] != before_a + before_b + before_c)
            bad_batch++;
        batches++;
    }
}

static long audit(void)
{
    long s = 0;
    atomic {
        for (int i = 0; i < NA; i++)
            s += acct[i];
    }
    return s;
}

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    for (int i = 0; i < 5000; i++) {
        int a = (i + id) % NA, b = (i + id + 1) % NA, c = (i * 5 + id + 2) % NA;
        if (c == a || c == b)
            c = (b + 1) % NA == a ? (b + 2) % NA : (b + 1) % NA;
        batch(a, b, c);
        if (id < 2) {
            move(c, a, 1 + i % 3);
            atomic { singles++; }
        }
        if (i % 64 == 0) {
            atomic {
                batch(c, b, a);           /* a block nesting a block nesting a block */
                if (audit() != 3000)
                    bad_audit++;
            }
        } else if (audit() != 3000) {
            atomic { bad_audit++; }
        }
    }
    return NULL;
}

int main(void)
{
    for (int i = 0; i < NA; i++)
        acct[i] = 500;
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("total: %ld\n", audit());
    printf("batches: %ld\n", batches - 4 * 79);
    printf("singles: %ld\n", singles);
    printf("audits: %s\n", bad_audit ? "BAD" : "ok");
    printf("batch checks: %s\n", bad_batch ? "BAD" : "ok");
    return 0;
}
