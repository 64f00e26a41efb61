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
