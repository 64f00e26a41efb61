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

static struct node *find_prev(int key)
{
    struct node *p = head;
    while (p != NULL && p->next != NULL && p->next->key < key)
        p = p->next;
    return p;
}

int insert(int key)
{
    int done = 0;
    { atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter(); {
        struct node *n = malloc(sizeof *n);
        struct node *prev = find_prev(key);
        n->key = key;
        if (prev == NULL || prev->key > key) {
            n->next = head;
            head = n;
        } else {
            n->next = prev->next;
            prev->next = n;
        }
        inserted++;
        done = 1;
    } }
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
    { atomicc_guard_t __atomicc_g2 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter(); { count = inserted; } }
    printf("nodes: %ld inserted: %ld sorted: %s\n", nodes, count, sorted ? "yes" : "no");
    return 0;
}
/* atomicc plan guards: the link fails if another object was lowered with a
 * different plan for one of these anchors (see compiler/objects.py). */
__asm__(
    /* fn:insert */
    ".ifndef __atomicc_plan_fn_3ainsert_a2c119f9d8bff1e8\n"
    ".ifdef .L__atomicc_plan_fn_3ainsert\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3ainsert are linked together (__atomicc_plan_fn_3ainsert_a2c119f9d8bff1e8)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3ainsert, 1\n"
    ".pushsection .atomicc.plan.fn_3ainsert,\"aG\",@progbits,__atomicc_plan_fn_3ainsert,comdat\n"
    ".globl __atomicc_plan_fn_3ainsert_a2c119f9d8bff1e8\n"
    ".hidden __atomicc_plan_fn_3ainsert_a2c119f9d8bff1e8\n"
    "__atomicc_plan_fn_3ainsert_a2c119f9d8bff1e8:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:main */
    ".ifndef __atomicc_plan_fn_3amain_a2c119f9d8bff1e8\n"
    ".ifdef .L__atomicc_plan_fn_3amain\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3amain are linked together (__atomicc_plan_fn_3amain_a2c119f9d8bff1e8)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3amain, 1\n"
    ".pushsection .atomicc.plan.fn_3amain,\"aG\",@progbits,__atomicc_plan_fn_3amain,comdat\n"
    ".globl __atomicc_plan_fn_3amain_a2c119f9d8bff1e8\n"
    ".hidden __atomicc_plan_fn_3amain_a2c119f9d8bff1e8\n"
    "__atomicc_plan_fn_3amain_a2c119f9d8bff1e8:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* tag:node */
    ".ifndef __atomicc_plan_tag_3anode_a2c119f9d8bff1e8\n"
    ".ifdef .L__atomicc_plan_tag_3anode\n"
    ".error \"atomicc: objects lowered with different plans for anchor tag_3anode are linked together (__atomicc_plan_tag_3anode_a2c119f9d8bff1e8)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_tag_3anode, 1\n"
    ".pushsection .atomicc.plan.tag_3anode,\"aG\",@progbits,__atomicc_plan_tag_3anode,comdat\n"
    ".globl __atomicc_plan_tag_3anode_a2c119f9d8bff1e8\n"
    ".hidden __atomicc_plan_tag_3anode_a2c119f9d8bff1e8\n"
    "__atomicc_plan_tag_3anode_a2c119f9d8bff1e8:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n");
extern const char __atomicc_plan_fn_3ainsert_a2c119f9d8bff1e8[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3amain_a2c119f9d8bff1e8[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_tag_3anode_a2c119f9d8bff1e8[] __attribute__((visibility("hidden")));
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
static const void *const __atomicc_plan_refs_6d4d8ad59387[] __attribute__((used)) __ATOMICC_PLAN_RETAIN = {
    __atomicc_plan_fn_3ainsert_a2c119f9d8bff1e8,
    __atomicc_plan_fn_3amain_a2c119f9d8bff1e8,
    __atomicc_plan_tag_3anode_a2c119f9d8bff1e8,
};
#pragma GCC diagnostic pop
#undef __ATOMICC_PLAN_RETAIN
