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

void hit(long n) { { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") { atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point(__atomicc_tx);
    if (atomicc_stm_solo(__atomicc_tx))
#line 12 "tests/golden/counters.c"
    {
#line 12 "tests/golden/counters.c"
        hits += n;
    }
    else
#line 12 "tests/golden/counters.c"
    {
#line 12 "tests/golden/counters.c"
        ATOMICC_TX_ADD(__atomicc_tx, &(hits), +, (n));
    }
} _Pragma("GCC diagnostic pop") }
#line 12 "tests/golden/counters.c"
 }
void one(void) { { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") { atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point(__atomicc_tx);
    if (atomicc_stm_solo(__atomicc_tx))
#line 13 "tests/golden/counters.c"
    {
#line 13 "tests/golden/counters.c"
        hits++;
    }
    else
#line 13 "tests/golden/counters.c"
    {
#line 13 "tests/golden/counters.c"
        ATOMICC_TX_ADD(__atomicc_tx, &(hits), +, 1);
    }
} _Pragma("GCC diagnostic pop") }
#line 13 "tests/golden/counters.c"
 }
void set_flag(unsigned m) { { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") { atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point(__atomicc_tx);
    if (atomicc_stm_solo(__atomicc_tx))
#line 14 "tests/golden/counters.c"
    {
#line 14 "tests/golden/counters.c"
        flags |= m;
    }
    else
#line 14 "tests/golden/counters.c"
    {
#line 14 "tests/golden/counters.c"
        ATOMICC_TX_UPDATE(__atomicc_tx, &(flags), |, (m));
    }
} _Pragma("GCC diagnostic pop") }
#line 14 "tests/golden/counters.c"
 }
int get_level(void) { int v; { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") { __typeof__(v) volatile __atomicc_sv1 = v; atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point_restoring(__atomicc_tx, v = __atomicc_sv1;);
    if (atomicc_stm_solo(__atomicc_tx))
#line 15 "tests/golden/counters.c"
    {
#line 15 "tests/golden/counters.c"
        v = level;
    }
    else
#line 15 "tests/golden/counters.c"
    {
#line 15 "tests/golden/counters.c"
        v = ATOMICC_TX_LOAD(__atomicc_tx, &(level));
    }
} _Pragma("GCC diagnostic pop") }
#line 15 "tests/golden/counters.c"
 return v; }
void set_level(int v) { { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") { atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point(__atomicc_tx);
    if (atomicc_stm_solo(__atomicc_tx))
#line 16 "tests/golden/counters.c"
    {
#line 16 "tests/golden/counters.c"
        level = v;
    }
    else
#line 16 "tests/golden/counters.c"
    {
#line 16 "tests/golden/counters.c"
        ATOMICC_TX_STORE(__atomicc_tx, &(level), (v));
    }
} _Pragma("GCC diagnostic pop") }
#line 16 "tests/golden/counters.c"
 }

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
    { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") { __typeof__(h) volatile __atomicc_sv2 = h; atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point_restoring(__atomicc_tx, h = __atomicc_sv2;);
    if (atomicc_stm_solo(__atomicc_tx))
#line 39 "tests/golden/counters.c"
    {
#line 39 "tests/golden/counters.c"
        h = hits;
    }
    else
#line 39 "tests/golden/counters.c"
    {
#line 39 "tests/golden/counters.c"
        h = ATOMICC_TX_LOAD(__atomicc_tx, &(hits));
    }
} _Pragma("GCC diagnostic pop") }
#line 39 "tests/golden/counters.c"

    { _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") { __typeof__(f) volatile __atomicc_sv3 = f; atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point_restoring(__atomicc_tx, f = __atomicc_sv3;);
    if (atomicc_stm_solo(__atomicc_tx))
#line 40 "tests/golden/counters.c"
    {
#line 40 "tests/golden/counters.c"
        f = flags;
    }
    else
#line 40 "tests/golden/counters.c"
    {
#line 40 "tests/golden/counters.c"
        f = ATOMICC_TX_LOAD(__atomicc_tx, &(flags));
    }
} _Pragma("GCC diagnostic pop") }
#line 40 "tests/golden/counters.c"

    int lv = get_level();
    printf("hits: %ld\nflags: %#x\nlevel: %s\n", h, f, lv >= 1 && lv <= 4 ? "set by a worker" : "wrong");
    return 0;
}
/* atomicc plan guards: the link fails if another object was lowered with a
 * different plan for one of these anchors (see compiler/objects.py). */
__asm__(
    /* fn:get_level */
    ".ifndef __atomicc_plan_fn_3aget__level_1010f341862dfd75\n"
    ".ifdef .L__atomicc_plan_fn_3aget__level\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3aget__level are linked together (__atomicc_plan_fn_3aget__level_1010f341862dfd75)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3aget__level, 1\n"
    ".pushsection .atomicc.plan.fn_3aget__level,\"aG\",@progbits,__atomicc_plan_fn_3aget__level,comdat\n"
    ".globl __atomicc_plan_fn_3aget__level_1010f341862dfd75\n"
    ".hidden __atomicc_plan_fn_3aget__level_1010f341862dfd75\n"
    "__atomicc_plan_fn_3aget__level_1010f341862dfd75:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:hit */
    ".ifndef __atomicc_plan_fn_3ahit_48fef9e3d1aff55c\n"
    ".ifdef .L__atomicc_plan_fn_3ahit\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3ahit are linked together (__atomicc_plan_fn_3ahit_48fef9e3d1aff55c)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3ahit, 1\n"
    ".pushsection .atomicc.plan.fn_3ahit,\"aG\",@progbits,__atomicc_plan_fn_3ahit,comdat\n"
    ".globl __atomicc_plan_fn_3ahit_48fef9e3d1aff55c\n"
    ".hidden __atomicc_plan_fn_3ahit_48fef9e3d1aff55c\n"
    "__atomicc_plan_fn_3ahit_48fef9e3d1aff55c:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:main */
    ".ifndef __atomicc_plan_fn_3amain_2e64e7523219965c\n"
    ".ifdef .L__atomicc_plan_fn_3amain\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3amain are linked together (__atomicc_plan_fn_3amain_2e64e7523219965c)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3amain, 1\n"
    ".pushsection .atomicc.plan.fn_3amain,\"aG\",@progbits,__atomicc_plan_fn_3amain,comdat\n"
    ".globl __atomicc_plan_fn_3amain_2e64e7523219965c\n"
    ".hidden __atomicc_plan_fn_3amain_2e64e7523219965c\n"
    "__atomicc_plan_fn_3amain_2e64e7523219965c:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:one */
    ".ifndef __atomicc_plan_fn_3aone_48fef9e3d1aff55c\n"
    ".ifdef .L__atomicc_plan_fn_3aone\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3aone are linked together (__atomicc_plan_fn_3aone_48fef9e3d1aff55c)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3aone, 1\n"
    ".pushsection .atomicc.plan.fn_3aone,\"aG\",@progbits,__atomicc_plan_fn_3aone,comdat\n"
    ".globl __atomicc_plan_fn_3aone_48fef9e3d1aff55c\n"
    ".hidden __atomicc_plan_fn_3aone_48fef9e3d1aff55c\n"
    "__atomicc_plan_fn_3aone_48fef9e3d1aff55c:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:set_flag */
    ".ifndef __atomicc_plan_fn_3aset__flag_2b390ddda0618954\n"
    ".ifdef .L__atomicc_plan_fn_3aset__flag\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3aset__flag are linked together (__atomicc_plan_fn_3aset__flag_2b390ddda0618954)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3aset__flag, 1\n"
    ".pushsection .atomicc.plan.fn_3aset__flag,\"aG\",@progbits,__atomicc_plan_fn_3aset__flag,comdat\n"
    ".globl __atomicc_plan_fn_3aset__flag_2b390ddda0618954\n"
    ".hidden __atomicc_plan_fn_3aset__flag_2b390ddda0618954\n"
    "__atomicc_plan_fn_3aset__flag_2b390ddda0618954:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:set_level */
    ".ifndef __atomicc_plan_fn_3aset__level_1010f341862dfd75\n"
    ".ifdef .L__atomicc_plan_fn_3aset__level\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3aset__level are linked together (__atomicc_plan_fn_3aset__level_1010f341862dfd75)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3aset__level, 1\n"
    ".pushsection .atomicc.plan.fn_3aset__level,\"aG\",@progbits,__atomicc_plan_fn_3aset__level,comdat\n"
    ".globl __atomicc_plan_fn_3aset__level_1010f341862dfd75\n"
    ".hidden __atomicc_plan_fn_3aset__level_1010f341862dfd75\n"
    "__atomicc_plan_fn_3aset__level_1010f341862dfd75:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n");
extern const char __atomicc_plan_fn_3aget__level_1010f341862dfd75[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3ahit_48fef9e3d1aff55c[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3amain_2e64e7523219965c[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3aone_48fef9e3d1aff55c[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3aset__flag_2b390ddda0618954[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3aset__level_1010f341862dfd75[] __attribute__((visibility("hidden")));
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
static const void *const __atomicc_plan_refs_73f7560ec61c[] __attribute__((used)) __ATOMICC_PLAN_RETAIN = {
    __atomicc_plan_fn_3aget__level_1010f341862dfd75,
    __atomicc_plan_fn_3ahit_48fef9e3d1aff55c,
    __atomicc_plan_fn_3amain_2e64e7523219965c,
    __atomicc_plan_fn_3aone_48fef9e3d1aff55c,
    __atomicc_plan_fn_3aset__flag_2b390ddda0618954,
    __atomicc_plan_fn_3aset__level_1010f341862dfd75,
};
#pragma GCC diagnostic pop
#undef __ATOMICC_PLAN_RETAIN
