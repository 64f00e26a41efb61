/* STM (2) a sorted linked list under 4 threads: insert, remove, lookup, with
 * privatization.  A remove unlinks the node in a transaction; then, outside
 * every block, the thread scribbles over the node and free()s it (or, every
 * other time, frees it with atomicc_stm_free inside the block).  Every
 * reader checks, inside its transaction, that each node it meets is intact
 * (payload == 3 * key, next not poisoned): a doomed reader that still held a
 * pointer to an unlinked node would see the scribbles, and ThreadSanitizer
 * would report the plain writes racing with its reads.  Inserts allocate
 * with atomicc_stm_malloc and initialise the node transactionally.  At the
 * end the list is sorted, without duplicates, and holds exactly the keys
 * that the committed operations leave. */
#include "atomicc_rt.h"
#include "atomicc_stm.h"
#include "test_common.h"

#include <stdint.h>
#include <string.h>

#define THREADS 4
#define KEYS 128
#define OPS (20000 / TEST_SCALE)
#define POISON ((struct node *)(uintptr_t)0xdeadbeefUL)

struct node {
    long key;
    struct node *next;
    long payload;
};

static struct node head = { -1, NULL, -3 };
static long net[THREADS][KEYS]; /* inserts - removes that committed, per thread */
static long violations;          /* updated atomically */

static void check_node(struct node *n, long key, struct node *next, long payload)
{
    (void)n;
    if (next == POISON || payload != 3 * key)
        __atomic_fetch_add(&violations, 1, __ATOMIC_RELAXED);
}

/* atomic { walk to the first node with key >= k; return whether it is k } */
static int lookup(long k)
{
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        {
            struct node *curr = ATOMICC_TX_LOAD(__atomicc_tx, &head.next);
            while (curr) {
                long key = ATOMICC_TX_LOAD(__atomicc_tx, &curr->key);
                struct node *next = ATOMICC_TX_LOAD(__atomicc_tx, &curr->next);
                check_node(curr, key, next, ATOMICC_TX_LOAD(__atomicc_tx, &curr->payload));
                if (key >= k)
                    return key == k;
                curr = next;
            }
            return 0;
        }
    }
}

static int insert(long k)
{
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        {
            struct node *prev = &head;
            struct node *curr = ATOMICC_TX_LOAD(__atomicc_tx, &prev->next);
            while (curr) {
                long key = ATOMICC_TX_LOAD(__atomicc_tx, &curr->key);
                struct node *next = ATOMICC_TX_LOAD(__atomicc_tx, &curr->next);
                check_node(curr, key, next, ATOMICC_TX_LOAD(__atomicc_tx, &curr->payload));
                if (key == k)
                    return 0;
                if (key > k)
                    break;
                prev = curr;
                curr = next;
            }
            struct node *n = atomicc_stm_malloc(__atomicc_tx, sizeof *n);
            CHECK(n != NULL);
            ATOMICC_TX_STORE(__atomicc_tx, &n->key, k);
            ATOMICC_TX_STORE(__atomicc_tx, &n->payload, 3 * k);
            ATOMICC_TX_STORE(__atomicc_tx, &n->next, curr);
            ATOMICC_TX_STORE(__atomicc_tx, &prev->next, n);
            return 1;
        }
    }
}

/* Returns the unlinked node (to be privatized by the caller), or NULL. */
static struct node *remove_key(long k, int free_inside)
{
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        {
            struct node *prev = &head;
            struct node *curr = ATOMICC_TX_LOAD(__atomicc_tx, &prev->next);
            while (curr) {
                long key = ATOMICC_TX_LOAD(__atomicc_tx, &curr->key);
                struct node *next = ATOMICC_TX_LOAD(__atomicc_tx, &curr->next);
                check_node(curr, key, next, ATOMICC_TX_LOAD(__atomicc_tx, &curr->payload));
                if (key > k)
                    return NULL;
                if (key == k) {
                    ATOMICC_TX_STORE(__atomicc_tx, &prev->next, next);
                    if (free_inside) {
                        atomicc_stm_free(__atomicc_tx, curr);
                        return (struct node *)&head; /* "removed, already freed" */
                    }
                    return curr;
                }
                prev = curr;
                curr = next;
            }
            return NULL;
        }
    }
}

static pthread_barrier_t start;

static void *worker(void *arg)
{
    long id = (long)arg;
    unsigned s = (unsigned)id * 2654435761u + 99;
    pthread_barrier_wait(&start);
    for (long i = 0; i < OPS; i++) {
        s = s * 1103515245u + 12345u;
        long k = (long)((s >> 8) % KEYS);
        unsigned op = (s >> 20) % 10;
        if (op < 3) {
            if (insert(k))
                net[id][k]++;
        } else if (op < 6) {
            struct node *n = remove_key(k, (i & 1) != 0);
            if (n) {
                net[id][k]--;
                if (n != &head) {
                    /* privatized: plain accesses, then free */
                    CHECK(n->key == k && n->payload == 3 * k);
                    n->key = -12345;
                    n->payload = 7;
                    n->next = POISON;
                    free(n);
                }
            }
        } else {
            (void)lookup(k);
        }
    }
    return NULL;
}

int main(void)
{
    /* start with the even keys */
    for (long k = KEYS - 2; k >= 0; k -= 2) {
        struct node *n = malloc(sizeof *n);
        n->key = k;
        n->payload = 3 * k;
        n->next = head.next;
        head.next = n;
        net[0][k]++;
    }
    pthread_barrier_init(&start, NULL, THREADS);
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++)
        t[i] = test_spawn(worker, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);

    CHECK(violations == 0);
    long present[KEYS];
    memset(present, 0, sizeof present);
    long last = -1;
    for (struct node *n = head.next; n; n = n->next) {
        CHECK(n->key > last); /* sorted, no duplicates */
        CHECK(n->payload == 3 * n->key);
        present[n->key] = 1;
        last = n->key;
    }
    for (int k = 0; k < KEYS; k++) {
        long sum = 0;
        for (int i = 0; i < THREADS; i++)
            sum += net[i][k];
        CHECK(sum == present[k]);
    }
    for (struct node *n = head.next, *nx; n; n = nx) {
        nx = n->next;
        free(n);
    }
    if (getenv("STM_STATS"))
        fprintf(stderr, "%s\n", atomicc_stm_stats_string());
    printf("ok\n");
    return 0;
}
