/* atomic-op: commutative updates, loads and stores of one integer each. */
// EXPECT: hits: 120000
// EXPECT: flags: 0xf
// EXPECT: level: set by a worker
#include <pthread.h>
#include <stdio.h>

static long hits;
static unsigned flags;
static int level;

void hit(long n) { atomic { hits += n; } }
void one(void) { atomic { hits++; } }
void set_flag(unsigned m) { atomic { flags |= m; } }
int get_level(void) { int v; atomic { v = level; } return v; }
void set_level(int v) { atomic { level = v; } }

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
    atomic { h = hits; }
    atomic { f = flags; }
    int lv = get_level();
    printf("hits: %ld\nflags: %#x\nlevel: %s\n", h, f, lv >= 1 && lv <= 4 ? "set by a worker" : "wrong");
    return 0;
}
