/* `x += e;`, `x -= e;`, `x++;`, `--x;` as statements: under stm an add to
 * an 8-byte integer whose value the block does not use is a delta of the
 * write set (the word is not read; the commit adds under the word's lock),
 * and anything else the ordinary read-modify-write.  Threads released
 * together update hot counters of several types, move money between
 * accounts after reading the payer, read a counter back after adding to it
 * in the same block, add through a pointer and in a called function, and use
 * the value of an add; an auditor checks the accounts' sum in its own
 * blocks.  The totals at the end are what the committed blocks make them. */
// LEGAL: global pervar stm
// EXPECT: counters: ok
// EXPECT: accounts: ok
// EXPECT: audits: ok
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

#define THREADS 4
#define ITERS 20000
#define ACCOUNTS 8
#define INITIAL 1000

struct stats {
    long hits;
    unsigned long bytes;
    long long misses;
    int small;
    double ratio;
    size_t size;
    signed char tiny;
};

static struct stats st;
static struct stats *stp = &st;
static long acct[ACCOUNTS];
static long readback;
static long used_sum;
static const char text[] = "abcdefghijklmnopqrstuvwxyz";
static const char *cursor = text;
static int stop;
static long audits, bad_audits;
static pthread_barrier_t gate;

static void count_miss(struct stats *s, long long n)
{
    s->misses += n;
    --s->tiny;
}

static void *worker(void *arg)
{
    long id = (long)arg;
    unsigned r = 12345u + 977u * (unsigned)id;
    pthread_barrier_wait(&gate);
    for (long i = 0; i < ITERS; i++) {
        r = r * 1103515245u + 12345u;
        unsigned from = (r >> 8) % ACCOUNTS, to = (from + 1 + (r >> 16) % (ACCOUNTS - 1)) % ACCOUNTS;
        long amount = 1 + (long)((r >> 20) % 50);
        atomic {
            st.hits++;
            stp->bytes += 3u;
            ++st.size;
            st.small += 2;
            st.ratio += 0.25;
            count_miss(&st, 2);
            st.tiny++;
        }
        atomic {
            if (acct[from] >= amount) {
                acct[from] -= amount;
                acct[to] += amount;
            }
        }
        atomic {
            readback += 5;
            long v = readback;
            readback = v - 4;
        }
        atomic {
            long v = (used_sum += 2);
            used_sum -= v - v + 1;
        }
        if (i % 100 == 0) {
            atomic {
                cursor += 1;
                cursor -= 1;
            }
        }
    }
    return NULL;
}

static void *auditor(void *arg)
{
    (void)arg;
    long n = 0, bad = 0;
    pthread_barrier_wait(&gate);
    for (;;) {
        int done;
        atomic {
            long sum = 0;
            for (int i = 0; i < ACCOUNTS; i++) {
                if (acct[i] < 0)
                    bad++;
                sum += acct[i];
            }
            if (sum != (long)ACCOUNTS * INITIAL)
                bad++;
            done = stop;
        }
        n++;
        if (done || n >= 200000)
            break;
    }
    atomic {
        audits = n;
        bad_audits = bad;
    }
    return NULL;
}

int main(void)
{
    for (int i = 0; i < ACCOUNTS; i++)
        acct[i] = INITIAL;
    pthread_barrier_init(&gate, NULL, THREADS + 1);
    pthread_t t[THREADS], a;
    pthread_create(&a, NULL, auditor, NULL);
    for (long i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    atomic {
        stop = 1;
    }
    pthread_join(a, NULL);

    long n = (long)THREADS * ITERS;
    int ok = st.hits == n && st.bytes == 3ul * (unsigned long)n && st.misses == 2 * n && st.small == 2 * n &&
             st.ratio == 0.25 * (double)n && st.size == (size_t)n && st.tiny == 0 && readback == n &&
             used_sum == n && cursor == text;
    printf("counters: %s\n", ok ? "ok" : "WRONG");
    if (!ok)
        printf("hits %ld bytes %lu misses %lld small %d ratio %g size %zu tiny %d readback %ld used %ld\n", st.hits,
               st.bytes, st.misses, st.small, st.ratio, st.size, st.tiny, readback, used_sum);
    long sum = 0;
    int neg = 0;
    for (int i = 0; i < ACCOUNTS; i++) {
        sum += acct[i];
        neg |= acct[i] < 0;
    }
    printf("accounts: %s\n", sum == (long)ACCOUNTS * INITIAL && !neg ? "ok" : "WRONG");
    printf("audits: %s\n", audits > 0 && bad_audits == 0 ? "ok" : "WRONG");
    return 0;
}
