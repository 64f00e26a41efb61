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
