#include "atomicc_rt.h"
#line 1 "tests/golden/tx.c"
/* STM: pointer chasing, a transactional clone, malloc in a block, locals. */
// EXPECT: nodes: 800 inserted: 800 sorted: yes
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct node { int key; struct node *next; };
static struct node *head;
static long inserted;

static __attribute__((unused)) struct node *__atomicc_tx_find_prev(atomicc_tx_t *__atomicc_tx __attribute__((unused)), int key); __attribute__((unused)) static struct node *find_prev(int key)
{
    struct node *p = head;
    while (p != NULL && p->next != NULL && p->next->key < key)
        p = p->next;
    return p;
}
#line 11 "tests/golden/tx.c"
static __attribute__((unused)) struct node *__atomicc_tx_find_prev(atomicc_tx_t *__atomicc_tx __attribute__((unused)), int key) {
#line 13 "tests/golden/tx.c"
    struct node *p = ATOMICC_TX_LOAD(__atomicc_tx, &(head));
    while (p != ((void *)0) && ATOMICC_TX_LOAD(__atomicc_tx, &(p->next)) != ((void *)0) && ATOMICC_TX_LOAD(__atomicc_tx, &(ATOMICC_TX_LOAD(__atomicc_tx, &(p->next))->key)) < key)
        p = ATOMICC_TX_LOAD(__atomicc_tx, &(p->next));
    return p;
}
#line 17 "tests/golden/tx.c"


int insert(int key)
{
    int done = 0;
    { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") { __typeof__(done) volatile __atomicc_sv1 = done; atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point_restoring(__atomicc_tx, done = __atomicc_sv1;);
    if (atomicc_stm_solo(__atomicc_tx))
#line 22 "tests/golden/tx.c"
    {
        struct node *n = malloc(sizeof *n);
        struct node *prev = find_prev(key);
        n->key = key;
        if (prev == ((void *)0) || prev->key > key)
#line 26 "tests/golden/tx.c"
        {
            n->next = head;
            head = n;
        }
        else
#line 29 "tests/golden/tx.c"
        {
            n->next = prev->next;
            prev->next = n;
        }
        inserted++;
        done = 1;
    }
    else
#line 22 "tests/golden/tx.c"
    {
        struct node *n = atomicc_stm_malloc(__atomicc_tx, sizeof *n);
        struct node *prev = __atomicc_tx_find_prev(__atomicc_tx, key);
        ATOMICC_TX_STORE(__atomicc_tx, &(n->key), (key));
        if (prev == ((void *)0) || ATOMICC_TX_LOAD(__atomicc_tx, &(prev->key)) > key)
#line 26 "tests/golden/tx.c"
        {
            ATOMICC_TX_STORE(__atomicc_tx, &(n->next), (ATOMICC_TX_LOAD(__atomicc_tx, &(head))));
            ATOMICC_TX_STORE(__atomicc_tx, &(head), (n));
        }
        else
#line 29 "tests/golden/tx.c"
        {
            ATOMICC_TX_STORE(__atomicc_tx, &(n->next), (ATOMICC_TX_LOAD(__atomicc_tx, &(prev->next))));
            ATOMICC_TX_STORE(__atomicc_tx, &(prev->next), (n));
        }
        ATOMICC_TX_ADD(__atomicc_tx, &(inserted), +, 1);
        done = 1;
    }
} _Pragma("GCC diagnostic pop") }
#line 35 "tests/golden/tx.c"

    return done;
}

static void *inserter(void *arg)
{
    long first = (long)arg;
    for (int k = 0; k < 200; k++)
        insert((int)(first + 4 * k));     /* the threads' keys interleave */
    return NULL;
}

int main(void)
{
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, inserter, (void *)i);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    long nodes = 0, count;
    int sorted = 1;
    for (struct node *p = head; p != NULL; p = p->next) {     /* every thread has ended */
        nodes++;
        if (p->next != NULL && p->next->key <= p->key)
            sorted = 0;
    }
    { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") { __typeof__(count) volatile __atomicc_sv2 = count; atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point_restoring(__atomicc_tx, count = __atomicc_sv2;);
    if (atomicc_stm_solo(__atomicc_tx))
#line 61 "tests/golden/tx.c"
    {
#line 61 "tests/golden/tx.c"
        count = inserted;
    }
    else
#line 61 "tests/golden/tx.c"
    {
#line 61 "tests/golden/tx.c"
        count = ATOMICC_TX_LOAD(__atomicc_tx, &(inserted));
    }
} _Pragma("GCC diagnostic pop") }
#line 61 "tests/golden/tx.c"

    printf("nodes: %ld inserted: %ld sorted: %s\n", nodes, count, sorted ? "yes" : "no");
    return 0;
}
/* atomicc plan guards: the link fails if another object was lowered with a
 * different plan for one of these anchors (see compiler/objects.py). */
__asm__(
    /* fn:insert */
    ".ifndef __atomicc_plan_fn_3ainsert_9d47315f352a5beb\n"
    ".ifdef .L__atomicc_plan_fn_3ainsert\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3ainsert are linked together (__atomicc_plan_fn_3ainsert_9d47315f352a5beb)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3ainsert, 1\n"
    ".pushsection .atomicc.plan.fn_3ainsert,\"aG\",@progbits,__atomicc_plan_fn_3ainsert,comdat\n"
    ".globl __atomicc_plan_fn_3ainsert_9d47315f352a5beb\n"
    ".hidden __atomicc_plan_fn_3ainsert_9d47315f352a5beb\n"
    "__atomicc_plan_fn_3ainsert_9d47315f352a5beb:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:main */
    ".ifndef __atomicc_plan_fn_3amain_9d47315f352a5beb\n"
    ".ifdef .L__atomicc_plan_fn_3amain\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3amain are linked together (__atomicc_plan_fn_3amain_9d47315f352a5beb)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3amain, 1\n"
    ".pushsection .atomicc.plan.fn_3amain,\"aG\",@progbits,__atomicc_plan_fn_3amain,comdat\n"
    ".globl __atomicc_plan_fn_3amain_9d47315f352a5beb\n"
    ".hidden __atomicc_plan_fn_3amain_9d47315f352a5beb\n"
    "__atomicc_plan_fn_3amain_9d47315f352a5beb:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* tag:node */
    ".ifndef __atomicc_plan_tag_3anode_9d47315f352a5beb\n"
    ".ifdef .L__atomicc_plan_tag_3anode\n"
    ".error \"atomicc: objects lowered with different plans for anchor tag_3anode are linked together (__atomicc_plan_tag_3anode_9d47315f352a5beb)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_tag_3anode, 1\n"
    ".pushsection .atomicc.plan.tag_3anode,\"aG\",@progbits,__atomicc_plan_tag_3anode,comdat\n"
    ".globl __atomicc_plan_tag_3anode_9d47315f352a5beb\n"
    ".hidden __atomicc_plan_tag_3anode_9d47315f352a5beb\n"
    "__atomicc_plan_tag_3anode_9d47315f352a5beb:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n");
extern const char __atomicc_plan_fn_3ainsert_9d47315f352a5beb[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3amain_9d47315f352a5beb[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_tag_3anode_9d47315f352a5beb[] __attribute__((visibility("hidden")));
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wattributes"
#if defined(__has_attribute)
#if __has_attribute(retain)
#define __ATOMICC_PLAN_RETAIN __attribute__((retain))
#endif
#endif
#ifndef __ATOMICC_PLAN_RETAIN
#define __ATOMICC_PLAN_RETAIN
#endif
static const void *const __atomicc_plan_refs_1c25343e5bb6[] __attribute__((used)) __ATOMICC_PLAN_RETAIN = {
    __atomicc_plan_fn_3ainsert_9d47315f352a5beb,
    __atomicc_plan_fn_3amain_9d47315f352a5beb,
    __atomicc_plan_tag_3anode_9d47315f352a5beb,
};
#pragma GCC diagnostic pop
#undef __ATOMICC_PLAN_RETAIN
