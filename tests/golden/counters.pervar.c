#include "atomicc_rt.h"
#line 1 "tests/golden/counters.c"
/* atomic-op: commutative updates, loads and stores of one integer each. */
static long hits;
static unsigned flags;
static int level;

void hit(long n) { { atomicc_pv_t __atomicc_pv1 __attribute__((cleanup(atomicc_pv_leave))); atomicc_pv_enter1(&__atomicc_pv1, (const void *)(&hits), ATOMICC_W); { hits += n; } } }
void one(void) { { atomicc_pv_t __atomicc_pv2 __attribute__((cleanup(atomicc_pv_leave))); atomicc_pv_enter1(&__atomicc_pv2, (const void *)(&hits), ATOMICC_W); { hits++; } } }
void set_flag(unsigned m) { { atomicc_pv_t __atomicc_pv3 __attribute__((cleanup(atomicc_pv_leave))); atomicc_pv_enter1(&__atomicc_pv3, (const void *)(&flags), ATOMICC_W); { flags |= m; } } }
int get_level(void) { int v; { atomicc_pv_t __atomicc_pv4 __attribute__((cleanup(atomicc_pv_leave))); atomicc_pv_enter1(&__atomicc_pv4, (const void *)(&level), ATOMICC_R); { v = level; } } return v; }
void set_level(int v) { { atomicc_pv_t __atomicc_pv5 __attribute__((cleanup(atomicc_pv_leave))); atomicc_pv_enter1(&__atomicc_pv5, (const void *)(&level), ATOMICC_W); { level = v; } } }
/* atomicc plan guards: the link fails if another object was lowered with a
 * different plan for one of these anchors (see compiler/objects.py). */
__asm__(
    /* fn:get_level */
    ".ifndef __atomicc_plan_fn_3aget__level_2d666c55a34533f0\n"
    ".ifdef .L__atomicc_plan_fn_3aget__level\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3aget__level are linked together (__atomicc_plan_fn_3aget__level_2d666c55a34533f0)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3aget__level, 1\n"
    ".pushsection .atomicc.plan.fn_3aget__level,\"aG\",@progbits,__atomicc_plan_fn_3aget__level,comdat\n"
    ".globl __atomicc_plan_fn_3aget__level_2d666c55a34533f0\n"
    ".hidden __atomicc_plan_fn_3aget__level_2d666c55a34533f0\n"
    "__atomicc_plan_fn_3aget__level_2d666c55a34533f0:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:hit */
    ".ifndef __atomicc_plan_fn_3ahit_4ad786acc6ad628f\n"
    ".ifdef .L__atomicc_plan_fn_3ahit\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3ahit are linked together (__atomicc_plan_fn_3ahit_4ad786acc6ad628f)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3ahit, 1\n"
    ".pushsection .atomicc.plan.fn_3ahit,\"aG\",@progbits,__atomicc_plan_fn_3ahit,comdat\n"
    ".globl __atomicc_plan_fn_3ahit_4ad786acc6ad628f\n"
    ".hidden __atomicc_plan_fn_3ahit_4ad786acc6ad628f\n"
    "__atomicc_plan_fn_3ahit_4ad786acc6ad628f:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:one */
    ".ifndef __atomicc_plan_fn_3aone_4ad786acc6ad628f\n"
    ".ifdef .L__atomicc_plan_fn_3aone\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3aone are linked together (__atomicc_plan_fn_3aone_4ad786acc6ad628f)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3aone, 1\n"
    ".pushsection .atomicc.plan.fn_3aone,\"aG\",@progbits,__atomicc_plan_fn_3aone,comdat\n"
    ".globl __atomicc_plan_fn_3aone_4ad786acc6ad628f\n"
    ".hidden __atomicc_plan_fn_3aone_4ad786acc6ad628f\n"
    "__atomicc_plan_fn_3aone_4ad786acc6ad628f:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:set_flag */
    ".ifndef __atomicc_plan_fn_3aset__flag_9568503ec8718c42\n"
    ".ifdef .L__atomicc_plan_fn_3aset__flag\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3aset__flag are linked together (__atomicc_plan_fn_3aset__flag_9568503ec8718c42)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3aset__flag, 1\n"
    ".pushsection .atomicc.plan.fn_3aset__flag,\"aG\",@progbits,__atomicc_plan_fn_3aset__flag,comdat\n"
    ".globl __atomicc_plan_fn_3aset__flag_9568503ec8718c42\n"
    ".hidden __atomicc_plan_fn_3aset__flag_9568503ec8718c42\n"
    "__atomicc_plan_fn_3aset__flag_9568503ec8718c42:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:set_level */
    ".ifndef __atomicc_plan_fn_3aset__level_2d666c55a34533f0\n"
    ".ifdef .L__atomicc_plan_fn_3aset__level\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3aset__level are linked together (__atomicc_plan_fn_3aset__level_2d666c55a34533f0)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3aset__level, 1\n"
    ".pushsection .atomicc.plan.fn_3aset__level,\"aG\",@progbits,__atomicc_plan_fn_3aset__level,comdat\n"
    ".globl __atomicc_plan_fn_3aset__level_2d666c55a34533f0\n"
    ".hidden __atomicc_plan_fn_3aset__level_2d666c55a34533f0\n"
    "__atomicc_plan_fn_3aset__level_2d666c55a34533f0:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n");
extern const char __atomicc_plan_fn_3aget__level_2d666c55a34533f0[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3ahit_4ad786acc6ad628f[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3aone_4ad786acc6ad628f[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3aset__flag_9568503ec8718c42[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3aset__level_2d666c55a34533f0[] __attribute__((visibility("hidden")));
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
static const void *const __atomicc_plan_refs_0b86c43346d7[] __attribute__((used)) __ATOMICC_PLAN_RETAIN = {
    __atomicc_plan_fn_3aget__level_2d666c55a34533f0,
    __atomicc_plan_fn_3ahit_4ad786acc6ad628f,
    __atomicc_plan_fn_3aone_4ad786acc6ad628f,
    __atomicc_plan_fn_3aset__flag_9568503ec8718c42,
    __atomicc_plan_fn_3aset__level_2d666c55a34533f0,
};
#pragma GCC diagnostic pop
#undef __ATOMICC_PLAN_RETAIN
