#include "atomicc_rt.h"
#line 1 "tests/golden/counters.c"
/* atomic-op: commutative updates, loads and stores of one integer each. */
static long hits;
static unsigned flags;
static int level;

void hit(long n) { { (void)__atomic_fetch_add(&( hits ), ( n), __ATOMIC_SEQ_CST); } }
void one(void) { { (void)__atomic_fetch_add(&( hits), 1, __ATOMIC_SEQ_CST); } }
void set_flag(unsigned m) { { (void)__atomic_fetch_or(&( flags ), ( m), __ATOMIC_SEQ_CST); } }
int get_level(void) { int v;  { v = __atomic_load_n(&(level), __ATOMIC_SEQ_CST); } return v; }
void set_level(int v) { { __atomic_store_n(&( level ), ( v), __ATOMIC_SEQ_CST); } }
/* atomicc plan guards: the link fails if another object was lowered with a
 * different plan for one of these anchors (see compiler/objects.py). */
__asm__(
    /* fn:get_level */
    ".ifndef __atomicc_plan_fn_3aget__level_66853a0977213cbe\n"
    ".ifdef .L__atomicc_plan_fn_3aget__level\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3aget__level are linked together (__atomicc_plan_fn_3aget__level_66853a0977213cbe)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3aget__level, 1\n"
    ".pushsection .atomicc.plan.fn_3aget__level,\"aG\",@progbits,__atomicc_plan_fn_3aget__level,comdat\n"
    ".globl __atomicc_plan_fn_3aget__level_66853a0977213cbe\n"
    ".hidden __atomicc_plan_fn_3aget__level_66853a0977213cbe\n"
    "__atomicc_plan_fn_3aget__level_66853a0977213cbe:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:hit */
    ".ifndef __atomicc_plan_fn_3ahit_0a318d4a459f1fe1\n"
    ".ifdef .L__atomicc_plan_fn_3ahit\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3ahit are linked together (__atomicc_plan_fn_3ahit_0a318d4a459f1fe1)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3ahit, 1\n"
    ".pushsection .atomicc.plan.fn_3ahit,\"aG\",@progbits,__atomicc_plan_fn_3ahit,comdat\n"
    ".globl __atomicc_plan_fn_3ahit_0a318d4a459f1fe1\n"
    ".hidden __atomicc_plan_fn_3ahit_0a318d4a459f1fe1\n"
    "__atomicc_plan_fn_3ahit_0a318d4a459f1fe1:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:one */
    ".ifndef __atomicc_plan_fn_3aone_0a318d4a459f1fe1\n"
    ".ifdef .L__atomicc_plan_fn_3aone\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3aone are linked together (__atomicc_plan_fn_3aone_0a318d4a459f1fe1)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3aone, 1\n"
    ".pushsection .atomicc.plan.fn_3aone,\"aG\",@progbits,__atomicc_plan_fn_3aone,comdat\n"
    ".globl __atomicc_plan_fn_3aone_0a318d4a459f1fe1\n"
    ".hidden __atomicc_plan_fn_3aone_0a318d4a459f1fe1\n"
    "__atomicc_plan_fn_3aone_0a318d4a459f1fe1:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:set_flag */
    ".ifndef __atomicc_plan_fn_3aset__flag_1a2022b2de827230\n"
    ".ifdef .L__atomicc_plan_fn_3aset__flag\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3aset__flag are linked together (__atomicc_plan_fn_3aset__flag_1a2022b2de827230)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3aset__flag, 1\n"
    ".pushsection .atomicc.plan.fn_3aset__flag,\"aG\",@progbits,__atomicc_plan_fn_3aset__flag,comdat\n"
    ".globl __atomicc_plan_fn_3aset__flag_1a2022b2de827230\n"
    ".hidden __atomicc_plan_fn_3aset__flag_1a2022b2de827230\n"
    "__atomicc_plan_fn_3aset__flag_1a2022b2de827230:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:set_level */
    ".ifndef __atomicc_plan_fn_3aset__level_66853a0977213cbe\n"
    ".ifdef .L__atomicc_plan_fn_3aset__level\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3aset__level are linked together (__atomicc_plan_fn_3aset__level_66853a0977213cbe)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3aset__level, 1\n"
    ".pushsection .atomicc.plan.fn_3aset__level,\"aG\",@progbits,__atomicc_plan_fn_3aset__level,comdat\n"
    ".globl __atomicc_plan_fn_3aset__level_66853a0977213cbe\n"
    ".hidden __atomicc_plan_fn_3aset__level_66853a0977213cbe\n"
    "__atomicc_plan_fn_3aset__level_66853a0977213cbe:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n");
extern const char __atomicc_plan_fn_3aget__level_66853a0977213cbe[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3ahit_0a318d4a459f1fe1[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3aone_0a318d4a459f1fe1[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3aset__flag_1a2022b2de827230[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3aset__level_66853a0977213cbe[] __attribute__((visibility("hidden")));
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
static const void *const __atomicc_plan_refs_f17a26a9f928[] __attribute__((used)) __ATOMICC_PLAN_RETAIN = {
    __atomicc_plan_fn_3aget__level_66853a0977213cbe,
    __atomicc_plan_fn_3ahit_0a318d4a459f1fe1,
    __atomicc_plan_fn_3aone_0a318d4a459f1fe1,
    __atomicc_plan_fn_3aset__flag_1a2022b2de827230,
    __atomicc_plan_fn_3aset__level_66853a0977213cbe,
};
#pragma GCC diagnostic pop
#undef __ATOMICC_PLAN_RETAIN
