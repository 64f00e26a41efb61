#include "atomicc_rt.h"
#line 1 "tests/golden/counters.c"
/* atomic-op: commutative updates, loads and stores of one integer each. */
// EXPECT: hits: 120000
// EXPECT: flags: 0xf
// EXPECT: level: set by a worker
#include <pthread.h>
#include <stdio.h>

static long hits;
static unsigned flags;
static int level;

void hit(long n) { { ATOMICC_AOP_ADD(&( hits ), ( n)); } }
void one(void) { { ATOMICC_AOP_ADD(&( hits), 1); } }
void set_flag(unsigned m) { { ATOMICC_AOP_OR(&( flags ), ( m)); } }
int get_level(void) { int v;  { v = ATOMICC_AOP_LOAD(&(level)); } return v; }
void set_level(int v) { { ATOMICC_AOP_STORE(&( level ), ( v)); } }

static void *worker(void *arg)
{
    long id = (long)arg;
    for (int i = 0; i < 10000; i++) {
        hit(2);
        one();
    }
    set_flag(1u << id);
    set_level((int)id + 1);
    return NULL;
}

int main(void)
{
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    long h;
    unsigned f;
     { h = ATOMICC_AOP_LOAD(&(hits)); }
     { f = ATOMICC_AOP_LOAD(&(flags)); }
    int lv = get_level();
    printf("hits: %ld\nflags: %#x\nlevel: %s\n", h, f, lv >= 1 && lv <= 4 ? "set by a worker" : "wrong");
    return 0;
}
/* atomicc plan guards: the link fails if another object was lowered with a
 * different plan for one of these anchors (see compiler/objects.py). */
__asm__(
    /* fn:get_level */
    ".ifndef __atomicc_plan_fn_3aget__level_56e2d469735fc9a2\n"
    ".ifdef .L__atomicc_plan_fn_3aget__level\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3aget__level are linked together (__atomicc_plan_fn_3aget__level_56e2d469735fc9a2)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3aget__level, 1\n"
    ".pushsection .atomicc.plan.fn_3aget__level,\"aG\",@progbits,__atomicc_plan_fn_3aget__level,comdat\n"
    ".globl __atomicc_plan_fn_3aget__level_56e2d469735fc9a2\n"
    ".hidden __atomicc_plan_fn_3aget__level_56e2d469735fc9a2\n"
    "__atomicc_plan_fn_3aget__level_56e2d469735fc9a2:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:hit */
    ".ifndef __atomicc_plan_fn_3ahit_b5c595c605028b29\n"
    ".ifdef .L__atomicc_plan_fn_3ahit\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3ahit are linked together (__atomicc_plan_fn_3ahit_b5c595c605028b29)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3ahit, 1\n"
    ".pushsection .atomicc.plan.fn_3ahit,\"aG\",@progbits,__atomicc_plan_fn_3ahit,comdat\n"
    ".globl __atomicc_plan_fn_3ahit_b5c595c605028b29\n"
    ".hidden __atomicc_plan_fn_3ahit_b5c595c605028b29\n"
    "__atomicc_plan_fn_3ahit_b5c595c605028b29:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:main */
    ".ifndef __atomicc_plan_fn_3amain_8502abb84613302f\n"
    ".ifdef .L__atomicc_plan_fn_3amain\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3amain are linked together (__atomicc_plan_fn_3amain_8502abb84613302f)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3amain, 1\n"
    ".pushsection .atomicc.plan.fn_3amain,\"aG\",@progbits,__atomicc_plan_fn_3amain,comdat\n"
    ".globl __atomicc_plan_fn_3amain_8502abb84613302f\n"
    ".hidden __atomicc_plan_fn_3amain_8502abb84613302f\n"
    "__atomicc_plan_fn_3amain_8502abb84613302f:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:one */
    ".ifndef __atomicc_plan_fn_3aone_b5c595c605028b29\n"
    ".ifdef .L__atomicc_plan_fn_3aone\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3aone are linked together (__atomicc_plan_fn_3aone_b5c595c605028b29)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3aone, 1\n"
    ".pushsection .atomicc.plan.fn_3aone,\"aG\",@progbits,__atomicc_plan_fn_3aone,comdat\n"
    ".globl __atomicc_plan_fn_3aone_b5c595c605028b29\n"
    ".hidden __atomicc_plan_fn_3aone_b5c595c605028b29\n"
    "__atomicc_plan_fn_3aone_b5c595c605028b29:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:set_flag */
    ".ifndef __atomicc_plan_fn_3aset__flag_d19ef4a9ac946a3c\n"
    ".ifdef .L__atomicc_plan_fn_3aset__flag\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3aset__flag are linked together (__atomicc_plan_fn_3aset__flag_d19ef4a9ac946a3c)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3aset__flag, 1\n"
    ".pushsection .atomicc.plan.fn_3aset__flag,\"aG\",@progbits,__atomicc_plan_fn_3aset__flag,comdat\n"
    ".globl __atomicc_plan_fn_3aset__flag_d19ef4a9ac946a3c\n"
    ".hidden __atomicc_plan_fn_3aset__flag_d19ef4a9ac946a3c\n"
    "__atomicc_plan_fn_3aset__flag_d19ef4a9ac946a3c:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:set_level */
    ".ifndef __atomicc_plan_fn_3aset__level_56e2d469735fc9a2\n"
    ".ifdef .L__atomicc_plan_fn_3aset__level\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3aset__level are linked together (__atomicc_plan_fn_3aset__level_56e2d469735fc9a2)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3aset__level, 1\n"
    ".pushsection .atomicc.plan.fn_3aset__level,\"aG\",@progbits,__atomicc_plan_fn_3aset__level,comdat\n"
    ".globl __atomicc_plan_fn_3aset__level_56e2d469735fc9a2\n"
    ".hidden __atomicc_plan_fn_3aset__level_56e2d469735fc9a2\n"
    "__atomicc_plan_fn_3aset__level_56e2d469735fc9a2:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n");
extern const char __atomicc_plan_fn_3aget__level_56e2d469735fc9a2[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3ahit_b5c595c605028b29[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3amain_8502abb84613302f[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3aone_b5c595c605028b29[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3aset__flag_d19ef4a9ac946a3c[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3aset__level_56e2d469735fc9a2[] __attribute__((visibility("hidden")));
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
static const void *const __atomicc_plan_refs_9191c21f799a[] __attribute__((used)) __ATOMICC_PLAN_RETAIN = {
    __atomicc_plan_fn_3aget__level_56e2d469735fc9a2,
    __atomicc_plan_fn_3ahit_b5c595c605028b29,
    __atomicc_plan_fn_3amain_8502abb84613302f,
    __atomicc_plan_fn_3aone_b5c595c605028b29,
    __atomicc_plan_fn_3aset__flag_d19ef4a9ac946a3c,
    __atomicc_plan_fn_3aset__level_56e2d469735fc9a2,
};
#pragma GCC diagnostic pop
#undef __ATOMICC_PLAN_RETAIN
