/* atomic-op: commutative updates, loads and stores of one integer each. */
static long hits;
static unsigned flags;
static int level;

void hit(long n) { atomic { hits += n; } }
void one(void) { atomic { hits++; } }
void set_flag(unsigned m) { atomic { flags |= m; } }
int get_level(void) { int v; atomic { v = level; } return v; }
void set_level(int v) { atomic { level = v; } }
