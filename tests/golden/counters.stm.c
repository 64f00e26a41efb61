#include "atomicc_rt.h"
#line 1 "tests/golden/counters.c"
/* atomic-op: commutative updates, loads and stores of one integer each. */
static long hits;
static unsigned flags;
static int level;

void hit(long n) { { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") { atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point(__atomicc_tx);
    if (atomicc_stm_solo(__atomicc_tx))
#line 6 "tests/golden/counters.c"
    {
#line 6 "tests/golden/counters.c"
        hits += n;
    }
    else
#line 6 "tests/golden/counters.c"
    {
#line 6 "tests/golden/counters.c"
        ATOMICC_TX_UPDATE(__atomicc_tx, &(hits), +, (n));
    }
} _Pragma("GCC diagnostic pop") }
#line 6 "tests/golden/counters.c"
 }
void one(void) { { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") { atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point(__atomicc_tx);
    if (atomicc_stm_solo(__atomicc_tx))
#line 7 "tests/golden/counters.c"
    {
#line 7 "tests/golden/counters.c"
        hits++;
    }
    else
#line 7 "tests/golden/counters.c"
    {
#line 7 "tests/golden/counters.c"
        ATOMICC_TX_POSTINC(__atomicc_tx, &(hits));
    }
} _Pragma("GCC diagnostic pop") }
#line 7 "tests/golden/counters.c"
 }
void set_flag(unsigned m) { { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") { atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point(__atomicc_tx);
    if (atomicc_stm_solo(__atomicc_tx))
#line 8 "tests/golden/counters.c"
    {
#line 8 "tests/golden/counters.c"
        flags |= m;
    }
    else
#line 8 "tests/golden/counters.c"
    {
#line 8 "tests/golden/counters.c"
        ATOMICC_TX_UPDATE(__atomicc_tx, &(flags), |, (m));
    }
} _Pragma("GCC diagnostic pop") }
#line 8 "tests/golden/counters.c"
 }
int get_level(void) { int v; { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") { atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point(__atomicc_tx);
    if (atomicc_stm_solo(__atomicc_tx))
#line 9 "tests/golden/counters.c"
    {
#line 9 "tests/golden/counters.c"
        v = level;
    }
    else
#line 9 "tests/golden/counters.c"
    {
#line 9 "tests/golden/counters.c"
        (*ATOMICC_TX_LOCAL(__atomicc_tx, &(v))) = ATOMICC_TX_LOAD(__atomicc_tx, &(level));
    }
} _Pragma("GCC diagnostic pop") }
#line 9 "tests/golden/counters.c"
 return v; }
void set_level(int v) { { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") { atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point(__atomicc_tx);
    if (atomicc_stm_solo(__atomicc_tx))
#line 10 "tests/golden/counters.c"
    {
#line 10 "tests/golden/counters.c"
        level = v;
    }
    else
#line 10 "tests/golden/counters.c"
    {
#line 10 "tests/golden/counters.c"
        ATOMICC_TX_STORE(__atomicc_tx, &(level), (v));
    }
} _Pragma("GCC diagnostic pop") }
#line 10 "tests/golden/counters.c"
 }
/* atomicc plan guards: the link fails if another object was lowered with a
 * different plan for one of these anchors (see compiler/objects.py). */
__asm__(
    /* fn:get_level */
    ".ifndef __atomicc_plan_fn_3aget__level_f6537cf4f84a4336\n"
    ".ifdef .L__atomicc_plan_fn_3aget__level\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3aget__level are linked together (__atomicc_plan_fn_3aget__level_f6537cf4f84a4336)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3aget__level, 1\n"
    ".pushsection .atomicc.plan.fn_3aget__level,\"aG\",@progbits,__atomicc_plan_fn_3aget__level,comdat\n"
    ".globl __atomicc_plan_fn_3aget__level_f6537cf4f84a4336\n"
    ".hidden __atomicc_plan_fn_3aget__level_f6537cf4f84a4336\n"
    "__atomicc_plan_fn_3aget__level_f6537cf4f84a4336:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:hit */
    ".ifndef __atomicc_plan_fn_3ahit_c48201bea83dc8f1\n"
    ".ifdef .L__atomicc_plan_fn_3ahit\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3ahit are linked together (__atomicc_plan_fn_3ahit_c48201bea83dc8f1)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3ahit, 1\n"
    ".pushsection .atomicc.plan.fn_3ahit,\"aG\",@progbits,__atomicc_plan_fn_3ahit,comdat\n"
    ".globl __atomicc_plan_fn_3ahit_c48201bea83dc8f1\n"
    ".hidden __atomicc_plan_fn_3ahit_c48201bea83dc8f1\n"
    "__atomicc_plan_fn_3ahit_c48201bea83dc8f1:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:one */
    ".ifndef __atomicc_plan_fn_3aone_c48201bea83dc8f1\n"
    ".ifdef .L__atomicc_plan_fn_3aone\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3aone are linked together (__atomicc_plan_fn_3aone_c48201bea83dc8f1)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3aone, 1\n"
    ".pushsection .atomicc.plan.fn_3aone,\"aG\",@progbits,__atomicc_plan_fn_3aone,comdat\n"
    ".globl __atomicc_plan_fn_3aone_c48201bea83dc8f1\n"
    ".hidden __atomicc_plan_fn_3aone_c48201bea83dc8f1\n"
    "__atomicc_plan_fn_3aone_c48201bea83dc8f1:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:set_flag */
    ".ifndef __atomicc_plan_fn_3aset__flag_f853ba86356980ba\n"
    ".ifdef .L__atomicc_plan_fn_3aset__flag\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3aset__flag are linked together (__atomicc_plan_fn_3aset__flag_f853ba86356980ba)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3aset__flag, 1\n"
    ".pushsection .atomicc.plan.fn_3aset__flag,\"aG\",@progbits,__atomicc_plan_fn_3aset__flag,comdat\n"
    ".globl __atomicc_plan_fn_3aset__flag_f853ba86356980ba\n"
    ".hidden __atomicc_plan_fn_3aset__flag_f853ba86356980ba\n"
    "__atomicc_plan_fn_3aset__flag_f853ba86356980ba:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:set_level */
    ".ifndef __atomicc_plan_fn_3aset__level_f6537cf4f84a4336\n"
    ".ifdef .L__atomicc_plan_fn_3aset__level\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3aset__level are linked together (__atomicc_plan_fn_3aset__level_f6537cf4f84a4336)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3aset__level, 1\n"
    ".pushsection .atomicc.plan.fn_3aset__level,\"aG\",@progbits,__atomicc_plan_fn_3aset__level,comdat\n"
    ".globl __atomicc_plan_fn_3aset__level_f6537cf4f84a4336\n"
    ".hidden __atomicc_plan_fn_3aset__level_f6537cf4f84a4336\n"
    "__atomicc_plan_fn_3aset__level_f6537cf4f84a4336:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n");
extern const char __atomicc_plan_fn_3aget__level_f6537cf4f84a4336[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3ahit_c48201bea83dc8f1[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3aone_c48201bea83dc8f1[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3aset__flag_f853ba86356980ba[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3aset__level_f6537cf4f84a4336[] __attribute__((visibility("hidden")));
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
static const void *const __atomicc_plan_refs_63967c1cae5a[] __attribute__((used)) __ATOMICC_PLAN_RETAIN = {
    __atomicc_plan_fn_3aget__level_f6537cf4f84a4336,
    __atomicc_plan_fn_3ahit_c48201bea83dc8f1,
    __atomicc_plan_fn_3aone_c48201bea83dc8f1,
    __atomicc_plan_fn_3aset__flag_f853ba86356980ba,
    __atomicc_plan_fn_3aset__level_f6537cf4f84a4336,
};
#pragma GCC diagnostic pop
#undef __ATOMICC_PLAN_RETAIN
