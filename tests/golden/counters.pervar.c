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

void hit(long n) { { atomicc_pv_t __atomicc_pv1 __attribute__((cleanup(atomicc_pv_leave))); atomicc_pv_enter1(&__atomicc_pv1, (const void *)(&hits), ATOMICC_W); { hits += n; } } }
void one(void) { { atomicc_pv_t __atomicc_pv2 __attribute__((cleanup(atomicc_pv_leave))); atomicc_pv_enter1(&__atomicc_pv2, (const void *)(&hits), ATOMICC_W); { hits++; } } }
void set_flag(unsigned m) { { atomicc_pv_t __atomicc_pv3 __attribute__((cleanup(atomicc_pv_leave))); atomicc_pv_enter1(&__atomicc_pv3, (const void *)(&flags), ATOMICC_W); { flags |= m; } } }
int get_level(void) { int v; { atomicc_pv_t __atomicc_pv4 __attribute__((cleanup(atomicc_pv_leave))); atomicc_pv_enter1(&__atomicc_pv4, (const void *)(&level), ATOMICC_R); { v = level; } } return v; }
void set_level(int v) { { atomicc_pv_t __atomicc_pv5 __attribute__((cleanup(atomicc_pv_leave))); atomicc_pv_enter1(&__atomicc_pv5, (const void *)(&level), ATOMICC_W); { level = v; } } }

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
    { atomicc_pv_t __atomicc_pv6 __attribute__((cleanup(atomicc_pv_leave))); atomicc_pv_enter1(&__atomicc_pv6, (const void *)(&hits), ATOMICC_R); { h = hits; } }
    { atomicc_pv_t __atomicc_pv7 __attribute__((cleanup(atomicc_pv_leave))); atomicc_pv_enter1(&__atomicc_pv7, (const void *)(&flags), ATOMICC_R); { f = flags; } }
    int lv = get_level();
    printf("hits: %ld\nflags: %#x\nlevel: %s\n", h, f, lv >= 1 && lv <= 4 ? "set by a worker" : "wrong");
    return 0;
}
/* atomicc plan guards: the link fails if another object was lowered with a
 * different plan for one of these anchors (see compiler/objects.py). */
__asm__(
    /* fn:get_level */
    ".ifndef __atomicc_plan_fn_3aget__level_230837b20ef38c36\n"
    ".ifdef .L__atomicc_plan_fn_3aget__level\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3aget__level are linked together (__atomicc_plan_fn_3aget__level_230837b20ef38c36)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3aget__level, 1\n"
    ".pushsection .atomicc.plan.fn_3aget__level,\"aG\",@progbits,__atomicc_plan_fn_3aget__level,comdat\n"
    ".globl __atomicc_plan_fn_3aget__level_230837b20ef38c36\n"
    ".hidden __atomicc_plan_fn_3aget__level_230837b20ef38c36\n"
    "__atomicc_plan_fn_3aget__level_230837b20ef38c36:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:hit */
    ".ifndef __atomicc_plan_fn_3ahit_69244313761206b7\n"
    ".ifdef .L__atomicc_plan_fn_3ahit\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3ahit are linked together (__atomicc_plan_fn_3ahit_69244313761206b7)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3ahit, 1\n"
    ".pushsection .atomicc.plan.fn_3ahit,\"aG\",@progbits,__atomicc_plan_fn_3ahit,comdat\n"
    ".globl __atomicc_plan_fn_3ahit_69244313761206b7\n"
    ".hidden __atomicc_plan_fn_3ahit_69244313761206b7\n"
    "__atomicc_plan_fn_3ahit_69244313761206b7:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:main */
    ".ifndef __atomicc_plan_fn_3amain_fb41add395c60674\n"
    ".ifdef .L__atomicc_plan_fn_3amain\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3amain are linked together (__atomicc_plan_fn_3amain_fb41add395c60674)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3amain, 1\n"
    ".pushsection .atomicc.plan.fn_3amain,\"aG\",@progbits,__atomicc_plan_fn_3amain,comdat\n"
    ".globl __atomicc_plan_fn_3amain_fb41add395c60674\n"
    ".hidden __atomicc_plan_fn_3amain_fb41add395c60674\n"
    "__atomicc_plan_fn_3amain_fb41add395c60674:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:one */
    ".ifndef __atomicc_plan_fn_3aone_69244313761206b7\n"
    ".ifdef .L__atomicc_plan_fn_3aone\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3aone are linked together (__atomicc_plan_fn_3aone_69244313761206b7)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3aone, 1\n"
    ".pushsection .atomicc.plan.fn_3aone,\"aG\",@progbits,__atomicc_plan_fn_3aone,comdat\n"
    ".globl __atomicc_plan_fn_3aone_69244313761206b7\n"
    ".hidden __atomicc_plan_fn_3aone_69244313761206b7\n"
    "__atomicc_plan_fn_3aone_69244313761206b7:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:set_flag */
    ".ifndef __atomicc_plan_fn_3aset__flag_3f38ae6f6a4c4bf0\n"
    ".ifdef .L__atomicc_plan_fn_3aset__flag\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3aset__flag are linked together (__atomicc_plan_fn_3aset__flag_3f38ae6f6a4c4bf0)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3aset__flag, 1\n"
    ".pushsection .atomicc.plan.fn_3aset__flag,\"aG\",@progbits,__atomicc_plan_fn_3aset__flag,comdat\n"
    ".globl __atomicc_plan_fn_3aset__flag_3f38ae6f6a4c4bf0\n"
    ".hidden __atomicc_plan_fn_3aset__flag_3f38ae6f6a4c4bf0\n"
    "__atomicc_plan_fn_3aset__flag_3f38ae6f6a4c4bf0:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n"
    /* fn:set_level */
    ".ifndef __atomicc_plan_fn_3aset__level_230837b20ef38c36\n"
    ".ifdef .L__atomicc_plan_fn_3aset__level\n"
    ".error \"atomicc: objects lowered with different plans for anchor fn_3aset__level are linked together (__atomicc_plan_fn_3aset__level_230837b20ef38c36)\"\n"
    ".endif\n"
    ".set .L__atomicc_plan_fn_3aset__level, 1\n"
    ".pushsection .atomicc.plan.fn_3aset__level,\"aG\",@progbits,__atomicc_plan_fn_3aset__level,comdat\n"
    ".globl __atomicc_plan_fn_3aset__level_230837b20ef38c36\n"
    ".hidden __atomicc_plan_fn_3aset__level_230837b20ef38c36\n"
    "__atomicc_plan_fn_3aset__level_230837b20ef38c36:\n"
    ".byte 0\n"
    ".popsection\n"
    ".endif\n");
extern const char __atomicc_plan_fn_3aget__level_230837b20ef38c36[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3ahit_69244313761206b7[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3amain_fb41add395c60674[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3aone_69244313761206b7[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3aset__flag_3f38ae6f6a4c4bf0[] __attribute__((visibility("hidden")));
extern const char __atomicc_plan_fn_3aset__level_230837b20ef38c36[] __attribute__((visibility("hidden")));
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
static const void *const __atomicc_plan_refs_cf039a87a6eb[] __attribute__((used)) __ATOMICC_PLAN_RETAIN = {
    __atomicc_plan_fn_3aget__level_230837b20ef38c36,
    __atomicc_plan_fn_3ahit_69244313761206b7,
    __atomicc_plan_fn_3amain_fb41add395c60674,
    __atomicc_plan_fn_3aone_69244313761206b7,
    __atomicc_plan_fn_3aset__flag_3f38ae6f6a4c4bf0,
    __atomicc_plan_fn_3aset__level_230837b20ef38c36,
};
#pragma GCC diagnostic pop
#undef __ATOMICC_PLAN_RETAIN
