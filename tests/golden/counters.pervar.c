#include "atomicc_rt.h"
#line 1 "tests/golden/counters.c"
/* atomic-op: commutative updates, loads and stores of one integer each. */
static long hits;
static unsigned flags;
static int level;

void hit(long n) { { atomicc_pv_t __atomicc_pv1 __attribute__((cleanup(atomicc_pv_leave))); atomicc_pv_init(&__atomicc_pv1); atomicc_pv_addr(&__atomicc_pv1, (const void *)(&hits), ATOMICC_W); atomicc_pv_enter(&__atomicc_pv1); { hits += n; } } }
void one(void) { { atomicc_pv_t __atomicc_pv2 __attribute__((cleanup(atomicc_pv_leave))); atomicc_pv_init(&__atomicc_pv2); atomicc_pv_addr(&__atomicc_pv2, (const void *)(&hits), ATOMICC_W); atomicc_pv_enter(&__atomicc_pv2); { hits++; } } }
void set_flag(unsigned m) { { atomicc_pv_t __atomicc_pv3 __attribute__((cleanup(atomicc_pv_leave))); atomicc_pv_init(&__atomicc_pv3); atomicc_pv_addr(&__atomicc_pv3, (const void *)(&flags), ATOMICC_W); atomicc_pv_enter(&__atomicc_pv3); { flags |= m; } } }
int get_level(void) { int v; { atomicc_pv_t __atomicc_pv4 __attribute__((cleanup(atomicc_pv_leave))); atomicc_pv_init(&__atomicc_pv4); atomicc_pv_addr(&__atomicc_pv4, (const void *)(&level), ATOMICC_R); atomicc_pv_enter(&__atomicc_pv4); { v = level; } } return v; }
void set_level(int v) { { atomicc_pv_t __atomicc_pv5 __attribute__((cleanup(atomicc_pv_leave))); atomicc_pv_init(&__atomicc_pv5); atomicc_pv_addr(&__atomicc_pv5, (const void *)(&level), ATOMICC_W); atomicc_pv_enter(&__atomicc_pv5); { level = v; } } }
