/*
 * compound_lit.c - compound literals and designated initializers assigned
 * to shared data inside atomic blocks.
 *
 * A shared configuration struct is replaced whole by a compound literal
 * with designated (and nested, and array-index) initializers whose
 * values come from shared reads; an array element gets a compound
 * literal; a pointer is pointed at a file-scope compound literal.
 * Readers check the configuration's internal invariants each time.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 39:9: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: version: 20000
// EXPECT: config: consistent
// EXPECT: slots: ok
// EXPECT: pointer: 3 7

#include <pthread.h>
#include <stdio.h>

struct limits { int lo, hi; };
struct config {
    long version;
    struct limits lim;
    int weights[4];
    const char *name;
    long checksum;
};

static struct config cfg = { .name = "initial", .weights = { [3] = 0 } };
static struct limits slots[8];
static const struct limits *preset = &(const struct limits){ .lo = 3, .hi = 7 };
static long torn;

static void *writer(void *arg)
{
    int id = (int)(long)arg;
    for (int i = 0; i < 10000; i++) {
        atomic {
            long v = cfg.version + 1;
            cfg = (struct config){
                .version = v,
                .lim = { .lo = (int)v, .hi = (int)v + 10 },
                .weights = { [2] = (int)(v % 5), [0] = 1 },
                .name = id ? "odd" : "even",
                .checksum = v * 3 + 10 + 1 + v % 5,
            };
            slots[v % 8] = (struct limits){ .hi = (int)v, .lo = (int)v - 1 };
        }
    }
    return NULL;
}

static void *reader(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10000; i++) {
        struct config c;
        struct limits s;
        atomic {
            c = cfg;
            s = slots[(c.version + 8) % 8];
            if (c.version > 0 && s.hi != c.version)
                torn++;
        }
        if (c.version > 0 && (c.lim.hi - c.lim.lo != 10 || c.lim.lo != c.version ||
                              c.weights[1] != 0 || c.weights[3] != 0 || c.weights[0] != 1 ||
                              c.checksum != c.lim.lo + c.lim.hi + c.weights[0] + c.weights[2] + c.version))
            atomic { torn++; }
        if (s.hi != 0 && s.hi - s.lo != 1)
            atomic { torn++; }
    }
    return NULL;
}

int main(void)
{
    pthread_t t[4];
    for (long i = 0; i < 2; i++) {
        pthread_create(&t[i], NULL, writer, (void *)i);
        pthread_create(&t[2 + i], NULL, reader, NULL);
    }
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("version: %ld\n", cfg.version);
    printf("config: %s\n", torn == 0 && cfg.lim.lo == 20000 ? "consistent" : "TORN");
    int ok = 1;
    for (int i = 0; i < 8; i++)
        if (slots[i].hi % 8 != i || slots[i].hi < 19992)
            ok = 0;
    printf("slots: %s\n", ok ? "ok" : "BAD");
    const struct limits *p;
    atomic { p = preset; }
    printf("pointer: %d %d\n", p->lo, p->hi);
    return 0;
}
