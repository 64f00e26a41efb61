#include "atomicc_rt.h"
#line 1 "tests/golden/counters.c"
/* atomic-op: commutative updates, loads and stores of one integer each. */
static long hits;
static unsigned flags;
static int level;

void hit(long n) { { atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter(); { hits += n; } } }
void one(void) { { atomicc_guard_t __atomicc_g2 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter(); { hits++; } } }
void set_flag(unsigned m) { { atomicc_guard_t __atomicc_g3 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter(); { flags |= m; } } }
int get_level(void) { int v; { atomicc_guard_t __atomicc_g4 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter(); { v = level; } } return v; }
void set_level(int v) { { atomicc_guard_t __atomicc_g5 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter(); { level = v; } } }
