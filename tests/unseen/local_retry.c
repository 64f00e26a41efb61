/*
 * local_retry.c - locals of the enclosing function assigned in a block
 * that retries.
 *
 * `retry` abandons the block's effects, including its stores to the
 * function's own locals that outlive the block: a scalar, an element of
 * a local array (computed index), a member of a local struct, a local
 * pointer advanced along a shared list, and a local reached through a
 * pointer handed to a callee.  After the block commits, each must show
 * exactly one execution's worth of updates, however often it retried.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 37:9: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: consumed: 8000
// EXPECT: locals: exact
// EXPECT: producer undo: yes

#include <pthread.h>
#include <stdio.h>

struct tally { long hits; char tag; };
struct cell { long v; struct cell *next; };

static long avail, consumed, retries_total, bad;
static struct cell cells[4] = { { 1, &cells[1] }, { 2, &cells[2] }, { 3, &cells[3] }, { 4, NULL } };
static struct cell *head = &cells[0];

static void add_to(long *p, long v) { *p += v; }

static void *consumer(void *arg)
{
    (void)arg;
    long n = 0, arr[4] = { 0 }, via = 0, tries = 0;
    struct tally t = { 0, 'a' };
    for (int i = 0; i < 2000; i++) {
        struct cell *walk = NULL;
        atomic {
            n++;
            arr[n % 4] += 1;
            t.hits += 2;
            t.tag = 'z';
            walk = head;
            walk = walk->next;
            add_to(&via, 3);
            tries++;                   /* undone too: counts the committed run only */
            if (avail == 0)
                retry;
            avail--;
            consumed++;
            t.tag = 'a';
        }
        if (walk != &cells[1])
            bad++;
    }
    long s = arr[0] + arr[1] + arr[2] + arr[3];
    atomic {
        if (n != 2000 || s != 2000 || t.hits != 4000 || t.tag != 'a' || via != 6000 || tries != 2000)
            bad++;
    }
    return NULL;
}

static void *producer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 8000; i++) {
        atomic {
            if (avail >= 3) {
                retries_total++;
                retry;                  /* also undoes the increment just above */
            }
            avail++;
        }
    }
    return NULL;
}

int main(void)
{
    pthread_t c[4], p;
    for (int i = 0; i < 4; i++)
        pthread_create(&c[i], NULL, consumer, NULL);
    pthread_create(&p, NULL, producer, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(c[i], NULL);
    pthread_join(p, NULL);
    printf("consumed: %ld\n", consumed);
    printf("locals: %s\n", bad ? "WRONG" : "exact");
    printf("producer undo: %s\n", retries_total == 0 && avail == 0 ? "yes" : "NO");
    return 0;
}
