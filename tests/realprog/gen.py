#!/usr/bin/env python3
"""Generator of large multithreaded C programs in the styles of real projects.

A generated program is a "service" built from modules, each with its own
name prefix (`m012_...`), laid out one of two ways from the same sources:

    amalgamation   one file (prog.c), as SQLite ships: the shared prelude,
                   every module and main, with the modules' interface
                   functions `static` (RP_API is `static` under
                   RP_AMALGAMATION, as SQLITE_PRIVATE is)
    multi          rp.h (the prelude and every module's interface), util.c,
                   the modules spread over mNN.c files, and main.c

Library modules are single-threaded code of the kinds a large C program is
mostly made of:

    vm        a stack machine: opcodes from an X-macro, a bit-field encoded
              instruction in a union, a tagged-union value, compound
              literals, statement-expression macros, goto error exits
    strbuf    a growable buffer with a flexible array member, printf-style
              appends through va_list / va_copy, goto cleanup chains
    kr        K&R leftovers: old-style declarations and definitions,
              `register` locals
    drivers   a struct of operations per driver (function-pointer tables,
              a variadic ioctl), designated initialisers, a registry
    perms     enums used as bit masks, bit-field records, static inline
              helpers, __attribute__s, _Static_assert, switch fallthrough
    config    a key=value parser: character classes, a switch with
              fallthrough, token pasting, qsort/bsearch with comparators

Concurrent modules come in two variants: `atomic` (Atomic C: atomic { }
blocks, `retry;` in helpers only called from blocks) and `pthread`
(mutexes, condition variables, read-write locks):

    queue     a bounded ring buffer, producers and consumers (the pthread
              variant waits under pthread_cleanup_push/pop)
    cache     a hash table of heap nodes, inserts and lookups
    bank      transfers between accounts, a total that must not change
    events    an event-loop server: handlers in a function-pointer table,
              a struct of hooks, connections opened and closed
    pool      a worker pool: tasks (function and argument) in a queue,
              shutdown when drained (Atomic C: a semaphore in util whose
              down retries, called inside blocks from other files)
    stats     counters and a configuration generation (the pthread variant
              locks in a do { } while (0) statement macro)
    journal   typed records (an enum of bit masks, a union) appended to a
              segment with a flexible array member; blocks left by goto and
              by return, a switch with fallthrough, a statement expression
              and a variadic call inside a block (the pthread variant: a
              goto cleanup chain to the unlock)

Every run is deterministic: each worker's operations come from its own
seed, every shared update commutes (sums, counts), and each module returns
a checksum of its final state that does not depend on the interleaving.
main prints the checksums mixed together.  The atomic variant compiles
only through atomicc (the prelude defines `atomic` and `retry` away for a
plain compiler, which would make it racy).  Its blocks touch no bit-field
and call no K&R definition, so that every strategy (stm included) is legal
for every block; the concurrent modules of a phase (two at a time) run
their threads at the same time.

The pthread variant (with --bugs) carries three injected bugs on paths the
default run never takes (they hang on command-line options): a data race
(a counter written outside its lock), a lock-order cycle between the two
bank modules of one phase (cross-file in the multi layout) and a lock kept
on an error return.  A comment `/* injected: RULE */` marks each bug's line
and `/* expect: RULE... */` the other lines a finding must be reported at
(the race's other access; what follows from the leak: the caller returns
holding the lock, and, a recorded false alarm, a second acquisition in its
loop, as the linter does not tie the lock to the error code that ends the
loop).  The cycle is reported once, with both injected calls as notes.
`expected_findings()` reads the markers.

    python3 tests/realprog/gen.py --lines 10000 -o /tmp/rp10k
    python3 tests/realprog/gen.py --layout multi --files 20 --variant pthread --bugs -o /tmp/rpm

The output depends only on the arguments.
"""

import argparse
import os
import random
import re
import string
import sys

DEFAULT_SEED = 11031
LIBRARY_KINDS = ["vm", "strbuf", "kr", "drivers", "perms", "config"]
CONCURRENT_KINDS = ["queue", "cache", "bank", "events", "pool", "stats", "journal"]
BUG_RULES = ("data-race", "deadlock", "lock-leak")


def T(text):
    return string.Template(text.lstrip("\n"))


def fill(template, **kw):
    return template.substitute(**kw)


class Module:
    """One module: its interface (prototypes for rp.h), its body, and the
    call main makes (an expression of type unsigned long)."""

    def __init__(self, name, kind, api, body, call):
        self.name = name
        self.kind = kind
        self.api = api
        self.body = body
        self.call = call


# ---------------------------------------------------------------------------
# The prelude: rp.h in the multi layout, the top of prog.c otherwise.
# ---------------------------------------------------------------------------

PRELUDE = T(r"""
/* The shared prelude of a generated service ($nmods modules, seed $seed).
 * Generated by tests/realprog/gen.py. */
#ifndef RP_H
#define RP_H

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef __ATOMICC__
/* A plain C compiler sees ordinary blocks. */
#define atomic
#define retry do { } while (0)
#endif

#ifdef RP_AMALGAMATION
#define RP_API static
#define RP_DATA static
#else
#define RP_API
#define RP_DATA extern
#endif

#define RP_UNUSED __attribute__((unused))
#define RP_NOINLINE __attribute__((noinline))
#define RP_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define RP_LIKELY(x) __builtin_expect(!!(x), 1)
#define RP_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define RP_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define RP_PASTE2(a, b) a##b
#define RP_PASTE(a, b) RP_PASTE2(a, b)
#define RP_STR2(x) #x
#define RP_STR(x) RP_STR2(x)
#define RP_MIN(a, b) ({ __typeof__(a) rp_a_ = (a); __typeof__(b) rp_b_ = (b); rp_a_ < rp_b_ ? rp_a_ : rp_b_; })
#define RP_MAX(a, b) ({ __typeof__(a) rp_a_ = (a); __typeof__(b) rp_b_ = (b); rp_a_ > rp_b_ ? rp_a_ : rp_b_; })
#define RP_CHECK(cond, label) do { if (RP_UNLIKELY(!(cond))) goto label; } while (0)
#define RP_SWAP(a, b) do { __typeof__(a) rp_t_ = (a); (a) = (b); (b) = rp_t_; } while (0)
#define RP_CONTAINER_OF(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))

_Static_assert(sizeof(long) >= sizeof(int), "long is at least an int");

/* Options from the command line; the default run sets none of them. */
struct rp_options {
    int verbose;
    int trace;
    int paranoid;
    int strict;
};

/* The argument of every thread a module starts. */
struct rp_warg {
    int id;
    unsigned seed;
    long done;
    unsigned long sum;
};

RP_DATA struct rp_options rp_opts;

static inline unsigned rp_rand(unsigned *state)
{
    unsigned x = *state;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

static inline unsigned long rp_mix(unsigned long h, unsigned long v)
{
    h ^= v + 0x9e3779b97f4a7c15UL + (h << 6) + (h >> 2);
    return h;
}

RP_API void rp_log(int level, const char *fmt, ...) RP_PRINTF(2, 3);
RP_API long rp_log_count(void);
RP_API long rp_vsum(int n, ...);
RP_API int rp_kr_hash();
RP_API unsigned long rp_bytes_sum(const void *data, size_t len);
$atomic_api
$api
#endif
""")

UTIL = T(r"""
/* util: logging, checksums and old-style helpers shared by every module. */

RP_API struct rp_options rp_opts;
static pthread_mutex_t rp_log_lock = PTHREAD_MUTEX_INITIALIZER;
static long rp_log_lines;

RP_API void rp_log(int level, const char *fmt, ...)
{
    va_list ap;
    char line[256];
    int n;

    va_start(ap, fmt);
    n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    pthread_mutex_lock(&rp_log_lock);
    rp_log_lines++;
    if (rp_opts.verbose >= level)
        fprintf(stderr, "[%d] %s\n", level, line);
    pthread_mutex_unlock(&rp_log_lock);
}

RP_API long rp_log_count(void)
{
    long n;

    pthread_mutex_lock(&rp_log_lock);
    n = rp_log_lines;
    pthread_mutex_unlock(&rp_log_lock);
    return n;
}

/* The sum of n long arguments. */
RP_API long rp_vsum(int n, ...)
{
    va_list ap;
    long total = 0;

    va_start(ap, n);
    while (n-- > 0)
        total += va_arg(ap, long);
    va_end(ap);
    return total;
}

/* An old-style definition, as the code it came from was written. */
RP_API int rp_kr_hash(s, len)
    const char *s;
    int len;
{
    register unsigned h = 5381;
    register int i;

    for (i = 0; i < len && s[i] != '\0'; i++)
        h = h * 33u + (unsigned char)s[i];
    return (int)(h & 0x7fffffff);
}

RP_API unsigned long rp_bytes_sum(const void *data, size_t len)
{
    const unsigned char *p = data;
    unsigned long a = 1, b = 0;

    while (len-- > 0) {
        a = (a + *p++) % 65521;
        b = (b + a) % 65521;
    }
    return (b << 16) | a;
}
$atomic_util""")

UTIL_ATOMIC = r"""
/* A counting semaphore for Atomic C: down blocks (retries the caller's
 * block) while no token is left.  Only ever called inside atomic blocks,
 * by modules in other files. */
RP_API void rp_sem_down(long *tokens)
{
    if (*tokens <= 0)
        retry;
    (*tokens)--;
}

RP_API void rp_sem_up(long *tokens)
{
    (*tokens)++;
}
"""

MAIN = T(r"""
/* main: runs every module in order and prints their checksums mixed. */

static int rp_parse_options(int argc, char **argv)
{
    int i;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (strcmp(a, "-v") == 0)
            rp_opts.verbose++;
        else if (strcmp(a, "--trace") == 0)
            rp_opts.trace = 1;
        else if (strcmp(a, "--paranoid") == 0)
            rp_opts.paranoid = 1;
        else if (strcmp(a, "--strict") == 0)
            rp_opts.strict = 1;
        else {
            fprintf(stderr, "usage: %s [-v] [--trace] [--paranoid] [--strict]\n", argv[0]);
            return -1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    unsigned long sum = 0, part;

    if (rp_parse_options(argc, argv) != 0)
        return 2;
    sum = rp_mix(sum, (unsigned long)(rp_vsum(2, 1L, 2L) + rp_kr_hash("rp", 2)) ^ rp_bytes_sum("rp", 2));
$calls
    printf("modules: $nmods\n");
    printf("checksum: %016lx\n", sum);
    printf("errors: %ld\n", rp_log_count());
    return rp_log_count() != 0;
}
""")

MAIN_CALL = T(r"""
    part = $call;
    sum = rp_mix(sum, part);
    if (rp_opts.verbose)
        printf("$name %016lx\n", part);
""")


# ---------------------------------------------------------------------------
# Library modules
# ---------------------------------------------------------------------------

VM_OPS = [("PUSH", 1), ("ADD", 0), ("SUB", 0), ("MUL", 0), ("DUP", 0), ("SWAP", 0), ("DROP", 0),
          ("PAIR", 0), ("FIRST", 0), ("NEG", 0), ("XOR", 0), ("SHL", 1), ("JNZ", 1), ("NOP", 0),
          ("MOD", 0), ("MIN", 0), ("MAX", 0)]

VM_CASES = {
    "PUSH": "        case ${P}_OP_PUSH:\n            ${P}_PUSH(${P}_INT(in.f.arg));\n            break;\n",
    "ADD": "        case ${P}_OP_ADD:\n            ${P}_BINARY(+);\n            break;\n",
    "SUB": "        case ${P}_OP_SUB:\n            ${P}_BINARY(-);\n            break;\n",
    "MUL": "        case ${P}_OP_MUL:\n            ${P}_BINARY(*);\n            break;\n",
    "XOR": "        case ${P}_OP_XOR:\n            ${P}_BINARY(^);\n            break;\n",
    "DUP": ("        case ${P}_OP_DUP:\n            RP_CHECK(sp >= 1, underflow);\n"
            "            ${P}_PUSH(stack[sp - 1]);\n            break;\n"),
    "SWAP": ("        case ${P}_OP_SWAP:\n            RP_CHECK(sp >= 2, underflow);\n"
             "            RP_SWAP(stack[sp - 1], stack[sp - 2]);\n            break;\n"),
    "DROP": "        case ${P}_OP_DROP:\n            RP_CHECK(sp >= 1, underflow);\n            sp--;\n            break;\n",
    "PAIR": ("        case ${P}_OP_PAIR: {\n            struct ${p}_value a, b;\n\n"
             "            RP_CHECK(sp >= 2, underflow);\n            b = stack[--sp];\n            a = stack[--sp];\n"
             "            stack[sp++] = (struct ${p}_value){ .tag = ${P}_V_PAIR,\n"
             "                .u.pair = { (int)${p}_as_int(a), (int)${p}_as_int(b) } };\n            break;\n        }\n"),
    "FIRST": ("        case ${P}_OP_FIRST:\n            RP_CHECK(sp >= 1, underflow);\n"
              "            if (stack[sp - 1].tag == ${P}_V_PAIR)\n"
              "                stack[sp - 1] = ${P}_INT(stack[sp - 1].u.pair.a);\n            break;\n"),
    "NEG": ("        case ${P}_OP_NEG:\n            RP_CHECK(sp >= 1, underflow);\n"
            "            stack[sp - 1] = ${P}_INT(-${p}_as_int(stack[sp - 1]));\n            break;\n"),
    "SHL": ("        case ${P}_OP_SHL:\n            RP_CHECK(sp >= 1, underflow);\n"
            "            stack[sp - 1] = ${P}_INT((long)((unsigned long)${p}_as_int(stack[sp - 1]) << (in.f.arg & 7)));\n"
            "            break;\n"),
    "JNZ": ("        case ${P}_OP_JNZ:\n            RP_CHECK(sp >= 1, underflow);\n"
            "            if (${p}_as_int(stack[--sp]) != 0 && budget-- > 0)\n"
            "                pc = (unsigned)(in.f.arg & 0xffff) % (unsigned)n - 1;\n            break;\n"),
    "NOP": "        case ${P}_OP_NOP:\n            /* fallthrough */\n",
    "MOD": ("        case ${P}_OP_MOD: {\n            long d;\n\n            RP_CHECK(sp >= 2, underflow);\n"
            "            d = ${p}_as_int(stack[--sp]);\n            if (d == 0)\n                goto divide;\n"
            "            stack[sp - 1] = ${P}_INT(${p}_as_int(stack[sp - 1]) % d);\n            break;\n        }\n"),
    "MIN": ("        case ${P}_OP_MIN:\n            RP_CHECK(sp >= 2, underflow);\n            sp--;\n"
            "            stack[sp - 1] = ${P}_INT(RP_MIN(${p}_as_int(stack[sp - 1]), ${p}_as_int(stack[sp])));\n"
            "            break;\n"),
    "MAX": ("        case ${P}_OP_MAX:\n            RP_CHECK(sp >= 2, underflow);\n            sp--;\n"
            "            stack[sp - 1] = ${P}_INT(RP_MAX(${p}_as_int(stack[sp - 1]), ${p}_as_int(stack[sp])));\n"
            "            break;\n"),
}

VM = T(r"""
/* ---- $p: a stack machine for small generated programs ---- */

#define ${P}_OPS(X) \
$xops
enum ${p}_op {
#define X(op_, arg) ${P}_OP_##op_,
    ${P}_OPS(X)
#undef X
    ${P}_OP_COUNT
};
_Static_assert(${P}_OP_COUNT <= 64, "an opcode fits the 6-bit field");

static const struct ${p}_opinfo {
    const char *name;
    int has_arg;
} ${p}_opinfo[${P}_OP_COUNT] = {
#define X(op_, arg) [${P}_OP_##op_] = { .name = #op_, .has_arg = arg },
    ${P}_OPS(X)
#undef X
};

union ${p}_insn {
    uint32_t word;
    struct {
        unsigned op : 6;
        unsigned wide : 2;
        int arg : 24;
    } f;
};

struct ${p}_value {
    enum ${p}_vtag { ${P}_V_NIL, ${P}_V_INT, ${P}_V_PAIR } tag;
    union {
        long i;
        struct {
            int a, b;
        } pair;
    } u;
};

#define ${P}_DEPTH $depth
#define ${P}_INT(v) ((struct ${p}_value){ .tag = ${P}_V_INT, .u.i = (v) })
#define ${P}_PUSH(v) do { \
        struct ${p}_value pushed_ = (v); \
        RP_CHECK(sp < ${P}_DEPTH, overflow); \
        stack[sp++] = pushed_; \
    } while (0)
#define ${P}_BINARY(op) do { \
        long rhs_, lhs_; \
        RP_CHECK(sp >= 2, underflow); \
        rhs_ = ${p}_as_int(stack[--sp]); \
        lhs_ = ${p}_as_int(stack[--sp]); \
        stack[sp++] = ${P}_INT((long)((unsigned long)lhs_ op (unsigned long)rhs_)); \
    } while (0)

static uint32_t ${p}_encode(enum ${p}_op op, int arg)
{
    union ${p}_insn in = { .word = 0 };

    in.f.op = (unsigned)op & 63u;
    in.f.wide = ${p}_opinfo[op].has_arg ? 1 : 0;
    in.f.arg = arg;
    return in.word;
}

static long ${p}_as_int(struct ${p}_value v)
{
    switch (v.tag) {
    case ${P}_V_INT:
        return v.u.i;
    case ${P}_V_PAIR:
        return (long)v.u.pair.a * $pairk + v.u.pair.b;
    case ${P}_V_NIL:
    default:
        return 0;
    }
}

/* Runs n instructions; 0 and the top of the stack in *out, or a negative
 * error code. */
static int ${p}_exec(const uint32_t *code, unsigned n, long *out)
{
    struct ${p}_value stack[${P}_DEPTH];
    unsigned pc;
    int sp = 0, budget = $budget;

    for (pc = 0; pc < n; pc++) {
        union ${p}_insn in = { .word = code[pc] };

        switch ((enum ${p}_op)in.f.op) {
$cases        case ${P}_OP_COUNT:
        default:
            goto done;
        }
    }
done:
    *out = sp > 0 ? ${p}_as_int(stack[sp - 1]) : 0;
    return 0;
overflow:
    return -1;
underflow:
    return -2;
$divide}

static unsigned ${p}_assemble(uint32_t *code, unsigned max, unsigned *seed)
{
    unsigned i;

    for (i = 0; i < max; i++) {
        enum ${p}_op op = (enum ${p}_op)(rp_rand(seed) % ${P}_OP_COUNT);

        code[i] = ${p}_encode(op, (int)(rp_rand(seed) % $argmax) - $argbias);
    }
    return i;
}

RP_API unsigned long ${p}_selftest(void)
{
    uint32_t code[$codelen];
    unsigned seed = $seed, round;
    unsigned long sum = 0;
    int errors[4] = { 0 };

    for (round = 0; round < $rounds; round++) {
        unsigned n = ${p}_assemble(code, RP_ARRAY_SIZE(code), &seed);
        long top = 0;
        int rc = ${p}_exec(code, n, &top);

        if (rc < 0)
            errors[-rc]++;
        else
            sum = rp_mix(sum, (unsigned long)top);
    }
    sum = rp_mix(sum, (unsigned long)rp_vsum(3, (long)errors[1], (long)errors[2], (long)errors[3]));
    return rp_mix(sum, (unsigned long)strlen(${p}_opinfo[${P}_OP_COUNT - 1].name));
}
""")


def gen_vm(rng, p, P, variant, bug):
    rest = [o for o in VM_OPS if o[0] not in ("PUSH", "JNZ")]
    ops = [VM_OPS[0]] + rng.sample(rest, rng.randint(7, len(rest))) + [("JNZ", 1)]
    rng.shuffle(ops)
    xops = "".join("    X(%s, %d) \\\n" % o for o in ops[:-1]) + "    X(%s, %d)\n" % ops[-1]
    cases = "".join(string.Template(VM_CASES[o]).substitute(p=p, P=P) for o, _ in ops)
    body = fill(VM, p=p, P=P, xops=xops, cases=cases, depth=rng.choice([8, 12, 16, 24]),
                pairk=rng.choice([31, 37, 101]), budget=rng.randint(20, 60), argmax=rng.choice([64, 200, 1000]),
                argbias=rng.choice([0, 10, 32]), codelen=rng.choice([16, 24, 32, 48]),
                seed=rng.randint(1, 1 << 30), rounds=rng.randint(200, 600),
                divide="divide:\n    return -3;\n" if any(o == "MOD" for o, _ in ops) else "")
    return Module(p, "vm", "RP_API unsigned long %s_selftest(void);\n" % p, body, "%s_selftest()" % p)


STRBUF = T(r"""
/* ---- $p: growable text buffers and a report renderer ---- */

struct ${p}_buf {
    size_t len;
    size_t cap;
    char data[];
};

static struct ${p}_buf *${p}_buf_new(size_t cap)
{
    struct ${p}_buf *b = malloc(sizeof *b + cap);

    if (b == NULL)
        return NULL;
    b->len = 0;
    b->cap = cap;
    b->data[0] = '\0';
    return b;
}

static int ${p}_buf_vappend(struct ${p}_buf **bp, const char *fmt, va_list ap)
{
    struct ${p}_buf *b = *bp;
    va_list copy;
    int n;

    va_copy(copy, ap);
    n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, copy);
    va_end(copy);
    if (n < 0)
        return -1;
    if ((size_t)n >= b->cap - b->len) {
        size_t cap = (b->cap + (size_t)n) * 2;
        struct ${p}_buf *nb = realloc(b, sizeof *nb + cap);

        if (nb == NULL)
            return -1;
        nb->cap = cap;
        *bp = b = nb;
        n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
    }
    b->len += (size_t)n;
    return n;
}

static int ${p}_buf_append(struct ${p}_buf **bp, const char *fmt, ...) RP_PRINTF(2, 3);
static int ${p}_buf_append(struct ${p}_buf **bp, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = ${p}_buf_vappend(bp, fmt, ap);
    va_end(ap);
    return n;
}

struct ${p}_row {
    const char *name;
    long count;
    double ratio;
    unsigned flags;
};

static const struct ${p}_row ${p}_rows[] = {
$rows};

/* Renders the table into a buffer, then a second copy through a scratch
 * array; every failure unwinds what was set up before it. */
static int ${p}_render(int width, unsigned long *out)
{
    struct ${p}_buf *buf = NULL;
    char *scratch = NULL;
    long *counts = NULL;
    size_t i;
    int rc = -ENOMEM;

    buf = ${p}_buf_new($cap);
    if (buf == NULL)
        goto out;
    scratch = malloc((size_t)width + 1);
    if (scratch == NULL)
        goto free_buf;
    counts = calloc(RP_ARRAY_SIZE(${p}_rows), sizeof *counts);
    if (counts == NULL)
        goto free_scratch;
    for (i = 0; i < RP_ARRAY_SIZE(${p}_rows); i++) {
        const struct ${p}_row *r = &${p}_rows[i];

        if (${p}_buf_append(&buf, "%-*s %8ld %6.2f %#x\n", width, r->name, r->count, r->ratio, r->flags) < 0) {
            rc = -EIO;
            goto free_counts;
        }
        counts[i] = r->count * (long)(i + 1);
    }
    memset(scratch, '=', (size_t)width);
    scratch[width] = '\0';
    if (${p}_buf_append(&buf, "%s\n", scratch) < 0) {
        rc = -EIO;
        goto free_counts;
    }
    *out = rp_bytes_sum(buf->data, buf->len);
    for (i = 0; i < RP_ARRAY_SIZE(${p}_rows); i++)
        *out = rp_mix(*out, (unsigned long)counts[i]);
    rc = 0;
free_counts:
    free(counts);
free_scratch:
    free(scratch);
free_buf:
    free(buf);
out:
    return rc;
}

RP_API unsigned long ${p}_selftest(void)
{
    unsigned long sum = 0, part = 0;
    int width;

    for (width = $wmin; width <= $wmax; width += $wstep) {
        if (${p}_render(width, &part) != 0)
            return 0;
        sum = rp_mix(sum, part);
    }
    return sum;
}
""")

WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
         "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"]


def gen_strbuf(rng, p, P, variant, bug):
    rows = "".join('    { "%s_%d", %dL, %d.%02d, 0x%xu },\n' % (rng.choice(WORDS), rng.randint(0, 99),
                                                             rng.randint(0, 100000), rng.randint(0, 99),
                                                             rng.randint(0, 99), rng.randint(0, 0xffff))
                   for _ in range(rng.randint(4, 14)))
    body = fill(STRBUF, p=p, P=P, rows=rows, cap=rng.choice([8, 32, 128]), wmin=rng.randint(8, 12),
                wmax=rng.randint(20, 40), wstep=rng.randint(3, 7))
    return Module(p, "strbuf", "RP_API unsigned long %s_selftest(void);\n" % p, body, "%s_selftest()" % p)


KR = T(r"""
/* ---- $p: checksum routines kept in their original K&R form ---- */

static long ${p}_fold();
static int ${p}_count();

static long ${p}_fold(buf, n, seed)
    const unsigned char *buf;
    int n;
    long seed;
{
    register long acc = seed;
    register int i;

    for (i = 0; i < n; i++) {
        acc = (acc << $shift) ^ (acc >> $rshift) ^ buf[i];
        acc &= 0x7fffffffL;
    }
    return acc;
}

static int ${p}_count(s, c)
    char *s;
    int c;
{
    int n = 0;

    while (*s)
        if (*s++ == c)
            n++;
    return n;
}

static unsigned char ${p}_table[$tsize];

RP_API unsigned long ${p}_selftest(void)
{
    char text[] = "$text";
    unsigned seed = $seed;
    long acc = 0;
    int i, k;

    for (i = 0; i < (int)sizeof ${p}_table; i++)
        ${p}_table[i] = (unsigned char)rp_rand(&seed);
    for (k = 0; k < $rounds; k++)
        acc = ${p}_fold(${p}_table, (int)sizeof ${p}_table, acc + (long)k);
    acc += ${p}_count(text, '$ch');
    acc += rp_kr_hash(text, (int)sizeof text);
    return (unsigned long)acc;
}
""")


def gen_kr(rng, p, P, variant, bug):
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9)))
    body = fill(KR, p=p, P=P, shift=rng.randint(1, 7), rshift=rng.randint(9, 23), tsize=rng.choice([64, 256, 1000]),
                text=text, seed=rng.randint(1, 1 << 30), rounds=rng.randint(8, 40), ch=rng.choice("aeiou"))
    return Module(p, "kr", "RP_API unsigned long %s_selftest(void);\n" % p, body, "%s_selftest()" % p)


DRIVERS_HEAD = T(r"""
/* ---- $p: devices behind a table of operations ---- */

struct ${p}_dev;

enum ${p}_ioctl {
    ${P}_IOC_RESET = 1,
    ${P}_IOC_SEEK,
    ${P}_IOC_SCALE,
};

struct ${p}_dev_ops {
    const char *name;
    int (*open)(struct ${p}_dev *dev);
    long (*read)(struct ${p}_dev *dev, unsigned char *buf, size_t len);
    int (*ioctl)(struct ${p}_dev *dev, enum ${p}_ioctl cmd, ...);
    void (*close)(struct ${p}_dev *dev);
};

struct ${p}_dev {
    const struct ${p}_dev_ops *ops;
    unsigned long pos;
    unsigned scale;
    int opened;
    union {
        struct { unsigned seed; } rnd;
        struct { unsigned char fill; } zero;
        struct { const char *text; size_t len; } str;
    } u;
};

static int ${p}_generic_open(struct ${p}_dev *dev)
{
    if (dev->opened)
        return -EBUSY;
    dev->opened = 1;
    dev->pos = 0;
    dev->scale = 1;
    return 0;
}

static void ${p}_generic_close(struct ${p}_dev *dev)
{
    dev->opened = 0;
}

static int ${p}_generic_ioctl(struct ${p}_dev *dev, enum ${p}_ioctl cmd, ...)
{
    va_list ap;
    int rc = 0;

    va_start(ap, cmd);
    switch (cmd) {
    case ${P}_IOC_RESET:
        dev->pos = 0;
        break;
    case ${P}_IOC_SEEK:
        dev->pos = va_arg(ap, unsigned long);
        break;
    case ${P}_IOC_SCALE:
        dev->scale = va_arg(ap, unsigned);
        break;
    default:
        rc = -EINVAL;
    }
    va_end(ap);
    return rc;
}
""")

DRIVER = {
    "rnd": T(r"""
static long ${p}_${d}_read(struct ${p}_dev *dev, unsigned char *buf, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        buf[i] = (unsigned char)(rp_rand(&dev->u.rnd.seed) * dev->scale);
    dev->pos += len;
    return (long)len;
}

static int ${p}_${d}_open(struct ${p}_dev *dev)
{
    int rc = ${p}_generic_open(dev);

    if (rc == 0)
        dev->u.rnd.seed = $seed;
    return rc;
}

static const struct ${p}_dev_ops ${p}_${d}_ops = {
    .name = "${d}",
    .open = ${p}_${d}_open,
    .read = ${p}_${d}_read,
    .ioctl = ${p}_generic_ioctl,
    .close = ${p}_generic_close,
};
"""),
    "zero": T(r"""
static long ${p}_${d}_read(struct ${p}_dev *dev, unsigned char *buf, size_t len)
{
    memset(buf, dev->u.zero.fill, len);
    dev->pos += len;
    return (long)len;
}

static int ${p}_${d}_open(struct ${p}_dev *dev)
{
    int rc = ${p}_generic_open(dev);

    if (rc == 0)
        dev->u.zero.fill = $fill;
    return rc;
}

static const struct ${p}_dev_ops ${p}_${d}_ops = {
    .name = "${d}",
    .open = ${p}_${d}_open,
    .read = ${p}_${d}_read,
    .ioctl = ${p}_generic_ioctl,
    .close = ${p}_generic_close,
};
"""),
    "str": T(r"""
static long ${p}_${d}_read(struct ${p}_dev *dev, unsigned char *buf, size_t len)
{
    size_t i;

    if (dev->pos >= dev->u.str.len)
        return 0;
    for (i = 0; i < len && dev->pos < dev->u.str.len; i++)
        buf[i] = (unsigned char)dev->u.str.text[dev->pos++] * (unsigned char)dev->scale;
    return (long)i;
}

static int ${p}_${d}_open(struct ${p}_dev *dev)
{
    static const char text[] = "$text";
    int rc = ${p}_generic_open(dev);

    if (rc == 0) {
        dev->u.str.text = text;
        dev->u.str.len = sizeof text - 1;
    }
    return rc;
}

static const struct ${p}_dev_ops ${p}_${d}_ops = {
    .name = "${d}",
    .open = ${p}_${d}_open,
    .read = ${p}_${d}_read,
    .ioctl = ${p}_generic_ioctl,
    .close = ${p}_generic_close,
};
"""),
}

DRIVERS_TAIL = T(r"""
static const struct ${p}_dev_ops *const ${p}_registry[] = {
$registry};

static unsigned long ${p}_drain(struct ${p}_dev *dev, unsigned scale)
{
    unsigned char block[$block];
    unsigned long sum = 0;
    long n;
    int rounds = 0;

    if (dev->ops->open(dev) != 0)
        return 0;
    if (dev->ops->ioctl(dev, ${P}_IOC_SCALE, scale) != 0)
        goto close;
    while (rounds++ < $rounds && (n = dev->ops->read(dev, block, sizeof block)) > 0)
        sum = rp_mix(sum, rp_bytes_sum(block, (size_t)n));
    if (dev->ops->ioctl(dev, ${P}_IOC_SEEK, (unsigned long)$seek) != 0)
        goto close;
    sum = rp_mix(sum, dev->pos);
close:
    dev->ops->close(dev);
    return sum;
}

RP_API unsigned long ${p}_selftest(void)
{
    struct ${p}_dev devs[RP_ARRAY_SIZE(${p}_registry)];
    unsigned long sum = 0;
    size_t i;

    memset(devs, 0, sizeof devs);
    for (i = 0; i < RP_ARRAY_SIZE(${p}_registry); i++) {
        devs[i].ops = ${p}_registry[i];
        sum = rp_mix(sum, ${p}_drain(&devs[i], (unsigned)i + 1));
        sum = rp_mix(sum, (unsigned long)strlen(devs[i].ops->name));
    }
    return sum;
}
""")


def gen_drivers(rng, p, P, variant, bug):
    parts = [fill(DRIVERS_HEAD, p=p, P=P)]
    names = []
    for i in range(rng.randint(2, 6)):
        kind = rng.choice(sorted(DRIVER))
        d = "%s%d" % (kind, i)
        names.append(d)
        parts.append(fill(DRIVER[kind], p=p, P=P, d=d, seed=rng.randint(1, 1 << 30), fill=rng.randint(0, 255),
                          text=" ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 10)))))
    registry = "".join("    &%s_%s_ops,\n" % (p, d) for d in names)
    parts.append(fill(DRIVERS_TAIL, p=p, P=P, registry=registry, block=rng.choice([16, 64, 100]),
                      rounds=rng.randint(3, 12), seek=rng.randint(0, 1000)))
    return Module(p, "drivers", "RP_API unsigned long %s_selftest(void);\n" % p, "".join(parts),
                  "%s_selftest()" % p)


PERMS = T(r"""
/* ---- $p: permission masks and packed file records ---- */

enum ${p}_perm {
$perms    ${P}_PERM_ALL = $allmask
};

enum ${p}_kind {
    ${P}_K_FILE,
    ${P}_K_DIR,
    ${P}_K_LINK,
    ${P}_K_DEV,
    ${P}_K_SOCK,
};

struct ${p}_inode {
    unsigned mode : $modebits;
    unsigned kind : 3;
    unsigned dirty : 1;
    unsigned pinned : 1;
    unsigned refs : 12;
    unsigned short uid;
    unsigned long size;
};
_Static_assert(${P}_PERM_ALL < (1u << $modebits), "the masks fit the mode field");

static inline int ${p}_allows(const struct ${p}_inode *ino, unsigned want)
{
    return (ino->mode & want) == want;
}

static inline unsigned ${p}_grant(unsigned mode, enum ${p}_perm p)
{
    return (mode | (unsigned)p) & ${P}_PERM_ALL;
}

RP_NOINLINE static unsigned ${p}_classify(const struct ${p}_inode *ino)
{
    unsigned score = 0;

    switch (ino->kind) {
    case ${P}_K_LINK:
        score += 7;
        /* fallthrough */
    case ${P}_K_FILE:
        score += (unsigned)(ino->size & 0xff);
        break;
    case ${P}_K_DIR:
        score += ino->refs * 3u;
        __attribute__((fallthrough));
    case ${P}_K_DEV:
        score ^= 0x55u;
        break;
    default:
        score = 1;
    }
    if (ino->dirty)
        score <<= 1;
    return score;
}

static void ${p}_touch(struct ${p}_inode *ino, unsigned *seed)
{
    unsigned r = rp_rand(seed);

    ino->mode = ${p}_grant(ino->mode, (enum ${p}_perm)(1u << (r % $nperms)));
    if (r & 0x100)
        ino->mode &= ~(unsigned)${P}_PERM_$first;
    ino->dirty = (r >> 9) & 1u;
    ino->refs = (ino->refs + 1u) & 0xfffu;
    ino->size += r & 0xfff;
}

RP_API unsigned long ${p}_selftest(void)
{
    static struct ${p}_inode table[$n];
    unsigned seed = $seed;
    unsigned long sum = 0;
    int i, round;

    for (i = 0; i < (int)RP_ARRAY_SIZE(table); i++) {
        table[i] = (struct ${p}_inode){ .mode = 0, .kind = (unsigned)i % 5u, .uid = (unsigned short)(i * 7) };
    }
    for (round = 0; round < $rounds; round++) {
        for (i = 0; i < (int)RP_ARRAY_SIZE(table); i++) {
            ${p}_touch(&table[i], &seed);
            if (${p}_allows(&table[i], ${P}_PERM_$first | ${P}_PERM_$second))
                sum += ${p}_classify(&table[i]);
        }
    }
    for (i = 0; i < (int)RP_ARRAY_SIZE(table); i++)
        sum = rp_mix(sum, table[i].mode | (unsigned long)table[i].refs << 16 | table[i].size << 28);
    return sum;
}
""")

PERM_NAMES = ["READ", "WRITE", "EXEC", "APPEND", "CREATE", "DELETE", "LIST", "ADMIN", "SHARE", "LOCK"]


def gen_perms(rng, p, P, variant, bug):
    names = rng.sample(PERM_NAMES, rng.randint(3, len(PERM_NAMES)))
    perms = "".join("    %s_PERM_%s = 1u << %d,\n" % (P, n, i) for i, n in enumerate(names))
    allmask = " | ".join("%s_PERM_%s" % (P, n) for n in names)
    body = fill(PERMS, p=p, P=P, perms=perms, allmask=allmask, modebits=max(len(names), 10), nperms=len(names),
                first=names[0], second=names[1], n=rng.choice([16, 40, 100]), seed=rng.randint(1, 1 << 30),
                rounds=rng.randint(5, 30))
    return Module(p, "perms", "RP_API unsigned long %s_selftest(void);\n" % p, body, "%s_selftest()" % p)


CONFIG = T(r"""
/* ---- $p: a key=value configuration parser ---- */

#define ${P}_KEYS(X) \
$xkeys
enum ${p}_key {
#define X(k, def) ${P}_KEY_##k,
    ${P}_KEYS(X)
#undef X
    ${P}_NKEYS
};

struct ${p}_setting {
    const char *name;
    enum ${p}_key key;
    long value;
};

static struct ${p}_setting ${p}_settings[] = {
#define X(k, def) { .name = #k, .key = ${P}_KEY_##k, .value = def },
    ${P}_KEYS(X)
#undef X
};

enum ${p}_cclass { ${P}_C_SPACE, ${P}_C_ALPHA, ${P}_C_DIGIT, ${P}_C_EQ, ${P}_C_HASH, ${P}_C_OTHER };

static enum ${p}_cclass ${p}_cclass(int c)
{
    switch (c) {
    case ' ': case '\t': case '\r': case '\n':
        return ${P}_C_SPACE;
    case '=':
        return ${P}_C_EQ;
    case '#':
        return ${P}_C_HASH;
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
        return ${P}_C_DIGIT;
    default:
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
            return ${P}_C_ALPHA;
        return ${P}_C_OTHER;
    }
}

static int ${p}_by_name(const void *a, const void *b)
{
    const struct ${p}_setting *x = a, *y = b;

    return strcmp(x->name, y->name);
}

static int ${p}_find(const void *key, const void *elt)
{
    return strcmp((const char *)key, ((const struct ${p}_setting *)elt)->name);
}

/* Parses one line; 1 when it set a value, 0 for a blank or a comment,
 * -EINVAL for a malformed line. */
static int ${p}_parse_line(const char *line, size_t nsettings)
{
    char name[32];
    size_t n = 0;
    long value = 0;
    int sign = 1;
    struct ${p}_setting *s;

    while (${p}_cclass((unsigned char)*line) == ${P}_C_SPACE)
        line++;
    switch (${p}_cclass((unsigned char)*line)) {
    case ${P}_C_HASH:
    case ${P}_C_OTHER:
        if (*line == '\0' || *line == '#')
            return 0;
        return -EINVAL;
    case ${P}_C_ALPHA:
        break;
    default:
        return -EINVAL;
    }
    while (${p}_cclass((unsigned char)*line) == ${P}_C_ALPHA || ${p}_cclass((unsigned char)*line) == ${P}_C_DIGIT) {
        if (n + 1 >= sizeof name)
            return -EINVAL;
        name[n++] = *line++;
    }
    name[n] = '\0';
    while (${p}_cclass((unsigned char)*line) == ${P}_C_SPACE)
        line++;
    if (${p}_cclass((unsigned char)*line) != ${P}_C_EQ)
        return -EINVAL;
    line++;
    while (${p}_cclass((unsigned char)*line) == ${P}_C_SPACE)
        line++;
    if (*line == '-') {
        sign = -1;
        line++;
    }
    while (${p}_cclass((unsigned char)*line) == ${P}_C_DIGIT)
        value = value * 10 + (*line++ - '0');
    s = bsearch(name, ${p}_settings, nsettings, sizeof ${p}_settings[0], ${p}_find);
    if (s == NULL)
        return -EINVAL;
    s->value = sign * value;
    return 1;
}

static const char *const ${p}_input[] = {
$lines};

RP_API unsigned long ${p}_selftest(void)
{
    size_t i, n = RP_ARRAY_SIZE(${p}_settings);
    unsigned long sum = 0;
    int set = 0, bad = 0;

    qsort(${p}_settings, n, sizeof ${p}_settings[0], ${p}_by_name);
    for (i = 0; i < RP_ARRAY_SIZE(${p}_input); i++) {
        int rc = ${p}_parse_line(${p}_input[i], n);

        if (rc > 0)
            set++;
        else if (rc < 0)
            bad++;
    }
    for (i = 0; i < n; i++)
        sum = rp_mix(sum, (unsigned long)${p}_settings[i].value ^ (unsigned long)${p}_settings[i].key << 40);
    return rp_mix(sum, (unsigned long)(set * 1000 + bad));
}
""")

CONFIG_KEYS = ["threads", "timeout", "retries", "backlog", "port", "cache_size", "log_level", "max_conn",
               "idle_ms", "burst", "window", "quota", "depth", "shards", "batch", "linger"]


def gen_config(rng, p, P, variant, bug):
    keys = rng.sample(CONFIG_KEYS, rng.randint(4, len(CONFIG_KEYS)))
    defaults = {k: rng.randint(0, 5000) for k in keys}
    xkeys = "".join("    X(%s, %dL) \\\n" % (k, defaults[k]) for k in keys[:-1]) + "    X(%s, %dL)\n" % (
        keys[-1], defaults[keys[-1]])
    lines = []
    for _ in range(rng.randint(6, 24)):
        r = rng.random()
        if r < 0.15:
            lines.append("# " + " ".join(rng.choice(WORDS) for _ in range(3)))
        elif r < 0.25:
            lines.append("")
        elif r < 0.35:
            lines.append("%s == %d" % (rng.choice(keys), rng.randint(0, 9)))
        elif r < 0.4:
            lines.append("unknown_%d = 4" % rng.randint(0, 99))
        else:
            lines.append("%s%s=%s%d" % (rng.choice(["", "  ", "\\t"]), rng.choice(keys), rng.choice([" ", "", " -"]),
                                       rng.randint(0, 100000)))
    body = fill(CONFIG, p=p, P=P, xkeys=xkeys, lines="".join('    "%s",\n' % l for l in lines))
    return Module(p, "config", "RP_API unsigned long %s_selftest(void);\n" % p, body, "%s_selftest()" % p)


# ---------------------------------------------------------------------------
# Concurrent modules.  ${p}_start() starts the module's threads and
# ${p}_finish() joins them and returns a checksum of the final state; main
# runs the modules of a phase at the same time.
# ---------------------------------------------------------------------------

RUN_THREADS = T(r"""
static pthread_t ${p}_threads[$nthreads];
static struct rp_warg ${p}_args[$nthreads];

RP_API void ${p}_start(void)
{
    int i;

$setup    for (i = 0; i < $nthreads; i++) {
        ${p}_args[i] = (struct rp_warg){ .id = i, .seed = $seed + (unsigned)i * 7919u };
        if (pthread_create(&${p}_threads[i], NULL, $threadfn, &${p}_args[i]) != 0) {
            fprintf(stderr, "$p: cannot start thread %d\n", i);
            exit(1);
        }
    }
$after}

RP_API unsigned long ${p}_finish(void)
{
    struct rp_warg *args = ${p}_args;
    unsigned long sum;
    int i;

    for (i = 0; i < $nthreads; i++)
        pthread_join(${p}_threads[i], NULL);
$check    return sum;
}
""")


def run_fn(rng, p, nthreads, threadfn, setup, check, after=""):
    return fill(RUN_THREADS, p=p, nthreads=nthreads, threadfn=threadfn, seed=rng.randint(1, 1 << 28),
                setup=setup, check=check, after=after)


def concurrent(p, kind, body, extra_api=""):
    return Module(p, kind, "RP_API void %s_start(void);\nRP_API unsigned long %s_finish(void);\n%s" % (p, p, extra_api),
                  body, None)


QUEUE_ATOMIC = T(r"""
/* ---- $p: a bounded ring buffer between producers and consumers ---- */

#define ${P}_CAP $cap
#define ${P}_PER_PRODUCER $items

struct ${p}_ring {
    long items[${P}_CAP];
    unsigned head;
    unsigned tail;
    unsigned count;
    long produced;
    long consumed;
};

static struct ${p}_ring ${p}_ring;

/* Blocks (retries the caller's atomic block) while the ring is full. */
static void ${p}_put(struct ${p}_ring *r, long v)
{
    if (r->count == ${P}_CAP)
        retry;
    r->items[r->tail] = v;
    r->tail = (r->tail + 1) % ${P}_CAP;
    r->count++;
    r->produced++;
}

static long ${p}_take(struct ${p}_ring *r)
{
    long v;

    if (r->count == 0)
        retry;
    v = r->items[r->head];
    r->head = (r->head + 1) % ${P}_CAP;
    r->count--;
    r->consumed++;
    return v;
}

static void *${p}_worker(void *arg)
{
    struct rp_warg *w = arg;
    long i;

    if (w->id < $nprod) {
        for (i = 0; i < ${P}_PER_PRODUCER; i++) {
            long v = (long)(rp_rand(&w->seed) % $vmax) + 1;

            atomic {
                ${p}_put(&${p}_ring, v);
            }
            w->sum += (unsigned long)v;
            w->done++;
        }
    } else {
        long quota = (long)${P}_PER_PRODUCER * $nprod / $ncons;

        for (i = 0; i < quota; i++) {
            long v;

            atomic {
                v = ${p}_take(&${p}_ring);
            }
            w->sum += (unsigned long)v * $weight;
            w->done++;
        }
    }
    return NULL;
}
""")

QUEUE_PTHREAD = T(r"""
/* ---- $p: a bounded ring buffer between producers and consumers ---- */

#define ${P}_CAP $cap
#define ${P}_PER_PRODUCER $items

struct ${p}_ring {
    pthread_mutex_t lock;
    pthread_cond_t not_full;
    pthread_cond_t not_empty;
    long items[${P}_CAP];
    unsigned head;
    unsigned tail;
    unsigned count;
    long produced;
    long consumed;
};

static struct ${p}_ring ${p}_ring = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .not_full = PTHREAD_COND_INITIALIZER,
    .not_empty = PTHREAD_COND_INITIALIZER,
};

static void ${p}_put(struct ${p}_ring *r, long v)
{
    pthread_mutex_lock(&r->lock);
    while (r->count == ${P}_CAP)
        pthread_cond_wait(&r->not_full, &r->lock);
    r->items[r->tail] = v;
    r->tail = (r->tail + 1) % ${P}_CAP;
    r->count++;
    r->produced++;
    pthread_cond_signal(&r->not_empty);
    pthread_mutex_unlock(&r->lock);
}

static void ${p}_unlock_ring(void *arg)
{
    struct ${p}_ring *r = arg;

    pthread_mutex_unlock(&r->lock);
}

/* A cancellation point holding the lock: the cleanup handler unlocks. */
static long ${p}_take(struct ${p}_ring *r)
{
    long v;

    pthread_mutex_lock(&r->lock);
    pthread_cleanup_push(${p}_unlock_ring, r);
    while (r->count == 0)
        pthread_cond_wait(&r->not_empty, &r->lock);
    v = r->items[r->head];
    r->head = (r->head + 1) % ${P}_CAP;
    r->count--;
    r->consumed++;
    pthread_cond_signal(&r->not_full);
    pthread_cleanup_pop(1);
    return v;
}

static void *${p}_worker(void *arg)
{
    struct rp_warg *w = arg;
    long i;

    if (w->id < $nprod) {
        for (i = 0; i < ${P}_PER_PRODUCER; i++) {
            long v = (long)(rp_rand(&w->seed) % $vmax) + 1;

            ${p}_put(&${p}_ring, v);
            w->sum += (unsigned long)v;
            w->done++;
        }
    } else {
        long quota = (long)${P}_PER_PRODUCER * $nprod / $ncons;

        for (i = 0; i < quota; i++) {
            long v = ${p}_take(&${p}_ring);

            w->sum += (unsigned long)v * $weight;
            w->done++;
        }
    }
    return NULL;
}
""")

QUEUE_CHECK = T(r"""
    {
        unsigned long in = 0, out = 0;

        for (i = 0; i < $nthreads; i++) {
            if (i < $nprod)
                in += args[i].sum;
            else
                out += args[i].sum;
        }
        if (out != in * $weight || ${p}_ring.count != 0 || ${p}_ring.produced != ${p}_ring.consumed)
            rp_log(0, "$p: lost items (%lu in, %lu out)", in, out);
        sum = rp_mix(in, (unsigned long)${p}_ring.consumed);
    }
""")


def gen_queue(rng, p, P, variant, bug):
    nprod = rng.randint(1, 2)
    ncons = rng.randint(1, 2)
    items = rng.choice([200, 300, 400]) * ncons
    kw = dict(p=p, P=P, cap=rng.choice([4, 8, 16]), items=items, nprod=nprod, ncons=ncons,
              vmax=rng.choice([100, 1000, 65536]), weight=rng.choice([1, 3, 7]))
    body = fill(QUEUE_ATOMIC if variant == "atomic" else QUEUE_PTHREAD, **kw)
    body += run_fn(rng, p, nprod + ncons, "%s_worker" % p, "", fill(QUEUE_CHECK, nthreads=nprod + ncons, **kw))
    return concurrent(p, "queue", body)


CACHE_ATOMIC = T(r"""
/* ---- $p: a cache of heap nodes in hash chains ---- */

#define ${P}_BUCKETS $buckets

struct ${p}_node {
    unsigned key;
    long hits;
    long value;
    struct ${p}_node *next;
};

struct ${p}_cache {
    struct ${p}_node *chain[${P}_BUCKETS];
    long nodes;
    long misses;
};

static struct ${p}_cache ${p}_cache;

static unsigned ${p}_slot(unsigned key)
{
    return (key * 2654435761u >> 7) % ${P}_BUCKETS;
}

static struct ${p}_node *${p}_find(struct ${p}_cache *c, unsigned key)
{
    struct ${p}_node *n;

    for (n = c->chain[${p}_slot(key)]; n != NULL; n = n->next)
        if (n->key == key)
            return n;
    return NULL;
}

/* Adds `delta` to the node of `key`, creating it on a miss. */
static void ${p}_add(unsigned key, long delta)
{
$add_body}

static long ${p}_get(unsigned key)
{
    long v = -1;

    atomic {
        struct ${p}_node *n = ${p}_find(&${p}_cache, key);

        if (n != NULL) {
            n->hits++;
            v = n->value;
        }
    }
    return v;
}

static void *${p}_worker(void *arg)
{
    struct rp_warg *w = arg;
    int i;

    for (i = 0; i < $ops; i++) {
        unsigned r = rp_rand(&w->seed);
        unsigned key = 1 + r % $keys;

        if (r & 0x10000) {
            ${p}_add(key, (long)(r >> 20));
            w->sum++;
        } else if (${p}_get(key) >= 0) {
            w->done++;
        }
    }
    return NULL;
}
""")

CACHE_ADD_MALLOC_OUTSIDE = r"""    struct ${p}_node *fresh = malloc(sizeof *fresh);

    if (fresh == NULL)
        abort();
    atomic {
        struct ${p}_node *n = ${p}_find(&${p}_cache, key);

        if (n != NULL) {
            n->value += delta;
        } else {
            unsigned s = ${p}_slot(key);

            fresh->key = key;
            fresh->hits = 0;
            fresh->value = delta;
            fresh->next = ${p}_cache.chain[s];
            ${p}_cache.chain[s] = fresh;
            ${p}_cache.nodes++;
            ${p}_cache.misses++;
            fresh = NULL;
        }
    }
    free(fresh);
"""

CACHE_ADD_MALLOC_INSIDE = r"""    atomic {
        struct ${p}_node *n = ${p}_find(&${p}_cache, key);

        if (n != NULL) {
            n->value += delta;
        } else {
            unsigned s = ${p}_slot(key);

            n = malloc(sizeof *n);
            n->key = key;
            n->hits = 0;
            n->value = delta;
            n->next = ${p}_cache.chain[s];
            ${p}_cache.chain[s] = n;
            ${p}_cache.nodes++;
            ${p}_cache.misses++;
        }
    }
"""

CACHE_PTHREAD = T(r"""
/* ---- $p: a cache of heap nodes in hash chains ---- */

#define ${P}_BUCKETS $buckets

struct ${p}_node {
    unsigned key;
    long hits;
    long value;
    struct ${p}_node *next;
};

struct ${p}_cache {
    pthread_rwlock_t lock;
    pthread_mutex_t stats_lock;
    struct ${p}_node *chain[${P}_BUCKETS];
    long nodes;
    long misses;
    long hits;
};

static struct ${p}_cache ${p}_cache = {
    .lock = PTHREAD_RWLOCK_INITIALIZER,
    .stats_lock = PTHREAD_MUTEX_INITIALIZER,
};

static unsigned ${p}_slot(unsigned key)
{
    return (key * 2654435761u >> 7) % ${P}_BUCKETS;
}

static struct ${p}_node *${p}_find(struct ${p}_cache *c, unsigned key)
{
    struct ${p}_node *n;

    for (n = c->chain[${p}_slot(key)]; n != NULL; n = n->next)
        if (n->key == key)
            return n;
    return NULL;
}

static int ${p}_add(unsigned key, long delta)
{
    struct ${p}_node *n, *fresh = malloc(sizeof *fresh);

    pthread_rwlock_wrlock(&${p}_cache.lock);$m_lock
$leak    n = ${p}_find(&${p}_cache, key);
    if (n != NULL) {
        n->value += delta;
    } else {
        unsigned s = ${p}_slot(key);

        fresh->key = key;
        fresh->hits = 0;
        fresh->value = delta;
        fresh->next = ${p}_cache.chain[s];
        ${p}_cache.chain[s] = fresh;
        ${p}_cache.nodes++;
        fresh = NULL;
        pthread_mutex_lock(&${p}_cache.stats_lock);
        ${p}_cache.misses++;$m_other
        pthread_mutex_unlock(&${p}_cache.stats_lock);
    }
    pthread_rwlock_unlock(&${p}_cache.lock);
    free(fresh);
    return 0;
}

static long ${p}_get(unsigned key)
{
    struct ${p}_node *n;
    long v = -1;

    pthread_rwlock_rdlock(&${p}_cache.lock);
    n = ${p}_find(&${p}_cache, key);
    if (n != NULL)
        v = n->value;
    pthread_rwlock_unlock(&${p}_cache.lock);
    if (v >= 0) {
        pthread_mutex_lock(&${p}_cache.stats_lock);
        ${p}_cache.hits++;
        pthread_mutex_unlock(&${p}_cache.stats_lock);
    }
    return v;
}

static void *${p}_worker(void *arg)
{
    struct rp_warg *w = arg;
    int i;

    for (i = 0; i < $ops; i++) {
        unsigned r = rp_rand(&w->seed);
        unsigned key = 1 + r % $keys;

        if (r & 0x10000) {
            if (${p}_add(key, (long)(r >> 20)) != 0)
                break;
            w->sum++;
        } else if (${p}_get(key) >= 0) {$m_call
            w->done++;
        }
$race    }
    return NULL;$m_ret
}
""")

CACHE_LEAK = r"""    if (fresh == NULL) {
        rp_log(0, "$p: out of memory");
        return -ENOMEM; /* injected: lock-leak */
    }
"""

CACHE_NOLEAK = r"""    if (fresh == NULL) {
        pthread_rwlock_unlock(&${p}_cache.lock);
        rp_log(0, "$p: out of memory");
        return -ENOMEM;
    }
"""

CACHE_RACE = r"""        if (rp_opts.trace)
            ${p}_cache.misses++; /* injected: data-race */
"""

CACHE_CHECK = T(r"""
    {
        unsigned b;
        long nodes = 0;

        sum = 0;
        for (b = 0; b < ${P}_BUCKETS; b++) {
            struct ${p}_node *n, *next;

            for (n = ${p}_cache.chain[b]; n != NULL; n = next) {
                next = n->next;
                sum += (unsigned long)n->key * 1000003u + (unsigned long)n->value;
                nodes++;
                free(n);
            }
            ${p}_cache.chain[b] = NULL;
        }
        if (nodes != ${p}_cache.nodes)
            rp_log(0, "$p: %ld nodes, %ld counted", nodes, ${p}_cache.nodes);
        sum = rp_mix(sum, (unsigned long)nodes);
        for (i = 0; i < $nthreads; i++)
            sum = rp_mix(sum, args[i].sum);
    }
""")


def gen_cache(rng, p, P, variant, bug):
    kw = dict(p=p, P=P, buckets=rng.choice([16, 64, 257]), ops=rng.choice([300, 500, 800]),
              keys=rng.choice([50, 200, 1000]))
    if variant == "atomic":
        add = string.Template(rng.choice([CACHE_ADD_MALLOC_OUTSIDE, CACHE_ADD_MALLOC_INSIDE])).substitute(p=p)
        body = fill(CACHE_ATOMIC, add_body=add, **kw)
    else:
        leak = CACHE_LEAK if bug == "lock-leak" else CACHE_NOLEAK
        race = CACHE_RACE if bug == "data-race" else ""
        # The findings that follow from the leak: the caller holds the lock
        # after a failed call and returns with it (true; the linter names the
        # caller's last acquisition of that lock, the read lock in get), and,
        # as the linter does not tie the lock to the -ENOMEM that makes the
        # caller leave its loop, a second acquisition in the next iteration
        # (a recorded false alarm).
        leaky = bug == "lock-leak"
        body = fill(CACHE_PTHREAD, leak=string.Template(leak).substitute(p=p),
                    race=string.Template(race).substitute(p=p),
                    m_lock=" /* expect: lock-leak double-lock */" if leaky else "",
                    m_call=" /* expect: lock-leak */" if leaky else "",
                    m_ret=" /* expect: lock-leak */" if leaky else "",
                    m_other=" /* expect: data-race */" if bug == "data-race" else "", **kw)
    n = rng.randint(2, 4)
    body += run_fn(rng, p, n, "%s_worker" % p, "", fill(CACHE_CHECK, nthreads=n, **kw))
    return concurrent(p, "cache", body)


BANK_ATOMIC = T(r"""
/* ---- $p: transfers between accounts ---- */

#define ${P}_ACCOUNTS $accounts
#define ${P}_START $start

struct ${p}_account {
    long balance;
    long moves;
};

static struct ${p}_account ${p}_accounts[${P}_ACCOUNTS];
static long ${p}_audits;

static void ${p}_move(struct ${p}_account *from, struct ${p}_account *to, long amount)
{
    from->balance -= amount;
    to->balance += amount;
    from->moves++;
    to->moves++;
}

static void *${p}_worker(void *arg)
{
    struct rp_warg *w = arg;
    int i;

    for (i = 0; i < $ops; i++) {
        unsigned r = rp_rand(&w->seed);
        int a = (int)(r % ${P}_ACCOUNTS), b = (int)((r >> 12) % ${P}_ACCOUNTS);
        long amount = (long)(r >> 24) % $maxamount;

        if (a == b)
            continue;
        atomic {
            ${p}_move(&${p}_accounts[a], &${p}_accounts[b], amount);
        }
        if (i % $auditevery == 0) {
            long total = 0;
            int k;

            atomic {
                for (k = 0; k < ${P}_ACCOUNTS; k++)
                    total += ${p}_accounts[k].balance;
                ${p}_audits++;
            }
            if (total != (long)${P}_ACCOUNTS * ${P}_START)
                w->sum++;
        }
        w->done++;
    }
    return NULL;
}
""")

BANK_PTHREAD = T(r"""
/* ---- $p: transfers between accounts, one lock per account ---- */

#define ${P}_ACCOUNTS $accounts
#define ${P}_START $start

struct ${p}_account {
    pthread_mutex_t lock;
    long balance;
    long moves;
};

static struct ${p}_account ${p}_accounts[${P}_ACCOUNTS];
static pthread_mutex_t ${p}_audit_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t ${p}_bank_lock = PTHREAD_RWLOCK_INITIALIZER;
static long ${p}_audits;

RP_API void ${p}_note(long v)
{
    pthread_mutex_lock(&${p}_audit_lock);
    ${p}_audits += v;
    pthread_mutex_unlock(&${p}_audit_lock);
}

static void ${p}_move(struct ${p}_account *from, struct ${p}_account *to, long amount)
{
    /* Lock the lower address first: every pair in one order. */
    struct ${p}_account *first = from < to ? from : to, *second = from < to ? to : from;

    pthread_rwlock_rdlock(&${p}_bank_lock);
    pthread_mutex_lock(&first->lock);
    pthread_mutex_lock(&second->lock);
    from->balance -= amount;
    to->balance += amount;
    from->moves++;
    to->moves++;
    pthread_mutex_unlock(&second->lock);
    pthread_mutex_unlock(&first->lock);
    pthread_rwlock_unlock(&${p}_bank_lock);
}

static long ${p}_total(void)
{
    long total = 0;
    int k;

    /* Transfers hold the bank lock shared: holding it exclusive stops
     * them all, so the sum is a snapshot. */
    pthread_rwlock_wrlock(&${p}_bank_lock);
    for (k = 0; k < ${P}_ACCOUNTS; k++)
        total += ${p}_accounts[k].balance;
    pthread_rwlock_unlock(&${p}_bank_lock);
    pthread_mutex_lock(&${p}_audit_lock);
    ${p}_audits++;
$cycle    pthread_mutex_unlock(&${p}_audit_lock);
    return total;
}

static void *${p}_worker(void *arg)
{
    struct rp_warg *w = arg;
    int i;

    for (i = 0; i < $ops; i++) {
        unsigned r = rp_rand(&w->seed);
        int a = (int)(r % ${P}_ACCOUNTS), b = (int)((r >> 12) % ${P}_ACCOUNTS);
        long amount = (long)(r >> 24) % $maxamount;

        if (a == b)
            continue;
        ${p}_move(&${p}_accounts[a], &${p}_accounts[b], amount);
        if (i % $auditevery == 0 && ${p}_total() != (long)${P}_ACCOUNTS * ${P}_START)
            w->sum++;
        w->done++;
    }
    ${p}_note(w->done > 0 ? 0 : 1);
    return NULL;
}
""")

BANK_SETUP = T(r"""    for (i = 0; i < ${P}_ACCOUNTS; i++) {
$initlock        ${p}_accounts[i].balance = ${P}_START;
        ${p}_accounts[i].moves = 0;
    }
""")

BANK_CHECK = T(r"""
    {
        long total = 0, moves = 0, bad = 0;

        sum = 0;
        for (i = 0; i < ${P}_ACCOUNTS; i++) {
            total += ${p}_accounts[i].balance;
            moves += ${p}_accounts[i].moves;
            sum = rp_mix(sum, (unsigned long)${p}_accounts[i].balance);
        }
        for (i = 0; i < $nthreads; i++)
            bad += (long)args[i].sum;
        if (total != (long)${P}_ACCOUNTS * ${P}_START || bad != 0)
            rp_log(0, "$p: total %ld, %ld bad audits", total, bad);
        sum = rp_mix(sum, (unsigned long)moves);
        sum = rp_mix(sum, (unsigned long)(total + bad));
    }
""")


def gen_bank(rng, p, P, variant, bug):
    kw = dict(p=p, P=P, accounts=rng.choice([8, 32, 128]), start=rng.choice([100, 1000]),
              ops=rng.choice([400, 600, 1000]), maxamount=rng.choice([10, 50, 200]), auditevery=rng.choice([50, 97]))
    if variant == "atomic":
        body = fill(BANK_ATOMIC, **kw)
        setup = fill(BANK_SETUP, initlock="", **kw)
    else:
        body = fill(BANK_PTHREAD, cycle=bug or "", **kw)
        setup = fill(BANK_SETUP, initlock="        pthread_mutex_init(&%s_accounts[i].lock, NULL);\n" % p, **kw)
    n = rng.randint(2, 4)
    body += run_fn(rng, p, n, "%s_worker" % p, setup, fill(BANK_CHECK, nthreads=n, **kw))
    return concurrent(p, "bank", body, "RP_API void %s_note(long v);\n" % p if variant == "pthread" else "")


EVENTS_ATOMIC_LOCK = ("atomic {\n", "}\n")

EVENTS = T(r"""
/* ---- $p: an event-loop server: handlers dispatched through tables ---- */

enum ${p}_evkind {
$evkinds    ${P}_EV_COUNT
};

struct ${p}_event {
    enum ${p}_evkind kind;
    int conn;
    long bytes;
};

struct ${p}_conn {
    int open;
    long rx;
    long tx;
    unsigned events;
};

struct ${p}_server;

struct ${p}_hooks {
    void (*on_open)(struct ${p}_server *srv, int conn);
    void (*on_close)(struct ${p}_server *srv, int conn);
};

struct ${p}_server {
$lockfield    struct ${p}_conn conns[$nconns];
    long opened;
    long closed;
    long bytes[2];
    unsigned long per_kind[${P}_EV_COUNT];
    const struct ${p}_hooks *hooks;
};

typedef void (*${p}_handler_fn)(struct ${p}_server *srv, const struct ${p}_event *ev);

static void ${p}_count_open(struct ${p}_server *srv, int conn)
{
    srv->opened++;
    srv->conns[conn].events |= 1u;
}

static void ${p}_count_close(struct ${p}_server *srv, int conn)
{
    srv->closed++;
    srv->conns[conn].events |= 2u;
}

static const struct ${p}_hooks ${p}_default_hooks = {
    .on_open = ${p}_count_open,
    .on_close = ${p}_count_close,
};

static void ${p}_on_open(struct ${p}_server *srv, const struct ${p}_event *ev)
{
    srv->conns[ev->conn].open++;
    srv->hooks->on_open(srv, ev->conn);
}

static void ${p}_on_close(struct ${p}_server *srv, const struct ${p}_event *ev)
{
    srv->conns[ev->conn].open--;
    srv->hooks->on_close(srv, ev->conn);
}

static void ${p}_on_read(struct ${p}_server *srv, const struct ${p}_event *ev)
{
    srv->conns[ev->conn].rx += ev->bytes;
    srv->bytes[0] += ev->bytes;
}

static void ${p}_on_write(struct ${p}_server *srv, const struct ${p}_event *ev)
{
    srv->conns[ev->conn].tx += ev->bytes;
    srv->bytes[1] += ev->bytes;
}
$extra_handlers
static const ${p}_handler_fn ${p}_handlers[${P}_EV_COUNT] = {
$table};

static struct ${p}_server ${p}_server$serverinit;

static void ${p}_dispatch(struct ${p}_server *srv, const struct ${p}_event *ev)
{
    ${p}_handler_fn fn = ${p}_handlers[ev->kind];

    $enter
        srv->per_kind[ev->kind]++;
        if (fn != NULL)
            fn(srv, ev);
    $leave
}

static void *${p}_loop(void *arg)
{
    struct rp_warg *w = arg;
    int i;

    for (i = 0; i < $ops; i++) {
        unsigned r = rp_rand(&w->seed);
        struct ${p}_event ev = {
            .kind = (enum ${p}_evkind)(r % ${P}_EV_COUNT),
            .conn = (int)((r >> 8) % $nconns),
            .bytes = (long)(r >> 16) % 1500,
        };

        ${p}_dispatch(&${p}_server, &ev);
        w->done++;
    }
    return NULL;
}
""")

EVENTS_EXTRA = {
    "PING": T(r"""
static void ${p}_on_ping(struct ${p}_server *srv, const struct ${p}_event *ev)
{
    srv->conns[ev->conn].events += 4u;
}
"""),
    "RESET": T(r"""
static void ${p}_on_reset(struct ${p}_server *srv, const struct ${p}_event *ev)
{
    srv->conns[ev->conn].rx = 0;
    srv->conns[ev->conn].tx = 0;
}
"""),
}

EVENTS_CHECK = T(r"""
    {
        int c, k;
        long open = 0;

        sum = rp_mix((unsigned long)${p}_server.opened, (unsigned long)${p}_server.closed);
        for (c = 0; c < $nconns; c++) {
            open += ${p}_server.conns[c].open;
            sum = rp_mix(sum, ${p}_server.conns[c].events);
$rxcheck        }
        for (k = 0; k < ${P}_EV_COUNT; k++)
            sum = rp_mix(sum, ${p}_server.per_kind[k]);
        for (c = 0; c < $nthreads; c++)
            open -= args[c].done;
        if (open != ${p}_server.opened - ${p}_server.closed - (long)$nthreads * $ops)
            rp_log(0, "$p: %ld connections open", open);
        sum = rp_mix(sum, (unsigned long)(${p}_server.bytes[0] + ${p}_server.bytes[1]));
    }
""")


def gen_events(rng, p, P, variant, bug):
    kinds = ["OPEN", "CLOSE", "READ", "WRITE"]
    extra = [k for k in sorted(EVENTS_EXTRA) if rng.random() < 0.5]
    idle = rng.random() < 0.5
    allkinds = kinds + extra + (["IDLE"] if idle else [])
    evkinds = "".join("    %s_EV_%s,\n" % (P, k) for k in allkinds)
    table = "".join("    [%s_EV_%s] = %s_on_%s,\n" % (P, k, p, k.lower()) for k in kinds + extra)
    extra_h = "".join(fill(EVENTS_EXTRA[k], p=p, P=P) for k in extra)
    # RESET makes rx/tx order dependent: only count them without RESET.
    rxcheck = "" if "RESET" in extra else (
        "            sum = rp_mix(sum, (unsigned long)(${p}_server.conns[c].rx * 3 + ${p}_server.conns[c].tx));\n")
    rxcheck = string.Template(rxcheck).substitute(p=p)
    if variant == "atomic":
        enter, leave = "atomic {", "}"
        lockfield = ""
        serverinit = " = {\n    .hooks = &%s_default_hooks,\n}" % p
    else:
        enter = "pthread_mutex_lock(&srv->lock);\n    {"
        leave = "}\n    pthread_mutex_unlock(&srv->lock);"
        lockfield = "    pthread_mutex_t lock;\n"
        serverinit = " = {\n    .lock = PTHREAD_MUTEX_INITIALIZER,\n    .hooks = &%s_default_hooks,\n}" % p
    kw = dict(p=p, P=P, nconns=rng.choice([4, 16, 64]), ops=rng.choice([400, 700, 1000]))
    body = fill(EVENTS, evkinds=evkinds, table=table, extra_handlers=extra_h, enter=enter, leave=leave,
                lockfield=lockfield, serverinit=serverinit, **kw)
    n = rng.randint(2, 4)
    body += run_fn(rng, p, n, "%s_loop" % p, "", fill(EVENTS_CHECK, rxcheck=rxcheck, nthreads=n, **kw))
    return concurrent(p, "events", body)


POOL_ATOMIC = T(r"""
/* ---- $p: a worker pool running queued tasks ---- */

#define ${P}_QCAP $qcap
#define ${P}_TASKS $tasks

typedef long (*${p}_task_fn)(long arg);

struct ${p}_task {
    ${p}_task_fn fn;
    long arg;
};

struct ${p}_pool {
    struct ${p}_task q[${P}_QCAP];
    int head;
    int count;
    int shutdown;
    long results;
    long ran;
};

static struct ${p}_pool ${p}_pool;
static long ${p}_tokens = $tokens;   /* tasks that may run at once */

$taskfns
static const ${p}_task_fn ${p}_kinds[] = { $kinds };

/* 1 and a task, or 0 once the pool is shut down and drained. */
static int ${p}_next(struct ${p}_pool *pl, struct ${p}_task *out)
{
    int got = 0;

    atomic {
        if (pl->count == 0 && !pl->shutdown)
            retry;
        if (pl->count > 0) {
            *out = pl->q[pl->head];
            pl->head = (pl->head + 1) % ${P}_QCAP;
            pl->count--;
            got = 1;
        }
    }
    return got;
}

static void ${p}_submit(struct ${p}_pool *pl, ${p}_task_fn fn, long arg)
{
    atomic {
        if (pl->count == ${P}_QCAP)
            retry;
        pl->q[(pl->head + pl->count) % ${P}_QCAP] = (struct ${p}_task){ .fn = fn, .arg = arg };
        pl->count++;
    }
}

static void *${p}_worker(void *arg)
{
    struct rp_warg *w = arg;
    struct ${p}_task t;

    while (${p}_next(&${p}_pool, &t)) {
        long r;

        atomic {
            rp_sem_down(&${p}_tokens);
        }
        r = t.fn(t.arg);
        atomic {
            rp_sem_up(&${p}_tokens);
            ${p}_pool.results += r;
            ${p}_pool.ran++;
        }
        w->done++;
    }
    return NULL;
}

static void ${p}_feed(void)
{
    unsigned seed = $seed;
    long i;

    for (i = 0; i < ${P}_TASKS; i++) {
        unsigned r = rp_rand(&seed);

        ${p}_submit(&${p}_pool, ${p}_kinds[r % RP_ARRAY_SIZE(${p}_kinds)], (long)(r >> 8) % 1000);
    }
    atomic {
        ${p}_pool.shutdown = 1;
    }
}
""")

POOL_PTHREAD = T(r"""
/* ---- $p: a worker pool running queued tasks ---- */

#define ${P}_QCAP $qcap
#define ${P}_TASKS $tasks

typedef long (*${p}_task_fn)(long arg);

struct ${p}_task {
    ${p}_task_fn fn;
    long arg;
};

struct ${p}_pool {
    pthread_mutex_t lock;
    pthread_cond_t work;
    pthread_cond_t room;
    struct ${p}_task q[${P}_QCAP];
    int head;
    int count;
    int shutdown;
    long results;
    long ran;
};

static struct ${p}_pool ${p}_pool = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .work = PTHREAD_COND_INITIALIZER,
    .room = PTHREAD_COND_INITIALIZER,
};

$taskfns
static const ${p}_task_fn ${p}_kinds[] = { $kinds };

static int ${p}_next(struct ${p}_pool *pl, struct ${p}_task *out)
{
    int got = 0;

    pthread_mutex_lock(&pl->lock);
    while (pl->count == 0 && !pl->shutdown)
        pthread_cond_wait(&pl->work, &pl->lock);
    if (pl->count > 0) {
        *out = pl->q[pl->head];
        pl->head = (pl->head + 1) % ${P}_QCAP;
        pl->count--;
        got = 1;
        pthread_cond_signal(&pl->room);
    }
    pthread_mutex_unlock(&pl->lock);
    return got;
}

static void ${p}_submit(struct ${p}_pool *pl, ${p}_task_fn fn, long arg)
{
    pthread_mutex_lock(&pl->lock);
    while (pl->count == ${P}_QCAP)
        pthread_cond_wait(&pl->room, &pl->lock);
    pl->q[(pl->head + pl->count) % ${P}_QCAP] = (struct ${p}_task){ .fn = fn, .arg = arg };
    pl->count++;
    pthread_cond_signal(&pl->work);
    pthread_mutex_unlock(&pl->lock);
}

static void *${p}_worker(void *arg)
{
    struct rp_warg *w = arg;
    struct ${p}_task t;

    while (${p}_next(&${p}_pool, &t)) {
        long r = t.fn(t.arg);

        pthread_mutex_lock(&${p}_pool.lock);
        ${p}_pool.results += r;
        ${p}_pool.ran++;
        pthread_mutex_unlock(&${p}_pool.lock);
        w->done++;
    }
    return NULL;
}

static void ${p}_feed(void)
{
    unsigned seed = $seed;
    long i;

    for (i = 0; i < ${P}_TASKS; i++) {
        unsigned r = rp_rand(&seed);

        ${p}_submit(&${p}_pool, ${p}_kinds[r % RP_ARRAY_SIZE(${p}_kinds)], (long)(r >> 8) % 1000);
    }
    pthread_mutex_lock(&${p}_pool.lock);
    ${p}_pool.shutdown = 1;
    pthread_cond_broadcast(&${p}_pool.work);
    pthread_mutex_unlock(&${p}_pool.lock);
}
""")

POOL_TASKS = [
    ("square", "return arg * arg % 7919;"),
    ("collatz", "long n = arg + 1, steps = 0;\n\n    while (n != 1 && steps < 200) {\n        n = n % 2 ? 3 * n + 1 : n / 2;\n"
                "        steps++;\n    }\n    return steps;"),
    ("digits", "long s = 0;\n\n    do {\n        s += arg % 10;\n        arg /= 10;\n    } while (arg > 0);\n    return s;"),
    ("hash", "char buf[24];\n    int n = snprintf(buf, sizeof buf, \"%ld\", arg);\n\n    return rp_kr_hash(buf, n) % 1000;"),
    ("tri", "return arg * (arg + 1) / 2 % 100003;"),
]

POOL_CHECK = T(r"""
    {
        long done = 0;

        for (i = 0; i < $nthreads; i++)
            done += args[i].done;
        if (done != ${P}_TASKS || ${p}_pool.ran != ${P}_TASKS)
            rp_log(0, "$p: %ld of %d tasks ran", done, ${P}_TASKS);
        sum = rp_mix((unsigned long)${p}_pool.results, (unsigned long)${p}_pool.ran);
    }
""")


def gen_pool(rng, p, P, variant, bug):
    tasks = rng.sample(POOL_TASKS, rng.randint(2, len(POOL_TASKS)))
    taskfns = "".join("static long %s_%s(long arg)\n{\n    %s\n}\n\n" % (p, n, code) for n, code in tasks)
    kinds = ", ".join("%s_%s" % (p, n) for n, _ in tasks)
    kw = dict(p=p, P=P, qcap=rng.choice([4, 8, 32]), tasks=rng.choice([200, 400, 600]), taskfns=taskfns,
              kinds=kinds, seed=rng.randint(1, 1 << 30), tokens=rng.randint(1, 2))
    body = fill(POOL_ATOMIC if variant == "atomic" else POOL_PTHREAD, **kw)
    n = rng.randint(2, 3)
    body += run_fn(rng, p, n, "%s_worker" % p, "", fill(POOL_CHECK, nthreads=n, **kw), after="    %s_feed();\n" % p)
    return concurrent(p, "pool", body)


STATS_ATOMIC = T(r"""
/* ---- $p: service counters and a configuration generation ---- */

enum ${p}_counter {
$counters    ${P}_NCOUNTERS
};

struct ${p}_config {
    long generation;
    long limit;
    long scale;
};

static long ${p}_counters[${P}_NCOUNTERS];
static struct ${p}_config ${p}_config = { .generation = 1, .limit = $limit, .scale = 1 };
static long ${p}_peak;

static void ${p}_bump(enum ${p}_counter c, long by)
{
    atomic {
        ${p}_counters[c] += by;
    }
}

/* Adds 1 to each of the n counters named by the arguments, all at once. */
static void ${p}_bump_each(int n, ...)
{
    va_list ap;
    int k;

    va_start(ap, n);
    atomic {
        for (k = 0; k < n; k++)
            ${p}_counters[va_arg(ap, int) % ${P}_NCOUNTERS]++;
    }
    va_end(ap);
}

static void *${p}_worker(void *arg)
{
    struct rp_warg *w = arg;
    int i;

    for (i = 0; i < $ops; i++) {
        unsigned r = rp_rand(&w->seed);
        long limit, gen;

        ${p}_bump((enum ${p}_counter)(r % ${P}_NCOUNTERS), 1 + (long)(r >> 28));
        if (i % 8 == 0)
            ${p}_bump_each(3, (int)(r >> 3), (int)(r >> 9), (int)(r >> 15));
        atomic {
            limit = ${p}_config.limit;
            gen = ${p}_config.generation;
        }
        if (gen <= 0 || limit <= 0)
            w->sum++;
        if (w->id == 0 && i % $every == 0) {
            atomic {
                ${p}_config.generation++;
                ${p}_config.scale = ${p}_config.generation % 5 + 1;
            }
        }
        atomic {
            if (${p}_counters[0] > ${p}_peak)
                ${p}_peak = ${p}_counters[0];
        }
        w->done++;
    }
    return NULL;
}
""")

STATS_PTHREAD = T(r"""
/* ---- $p: service counters and a configuration generation ---- */

enum ${p}_counter {
$counters    ${P}_NCOUNTERS
};

struct ${p}_config {
    long generation;
    long limit;
    long scale;
};

static long ${p}_counters[${P}_NCOUNTERS];
static pthread_mutex_t ${p}_counters_lock = PTHREAD_MUTEX_INITIALIZER;
static struct ${p}_config ${p}_config = { .generation = 1, .limit = $limit, .scale = 1 };
static pthread_rwlock_t ${p}_config_lock = PTHREAD_RWLOCK_INITIALIZER;
static long ${p}_peak;
static long ${p}_reads;

#define ${P}_LOCKED(stmt) do { \
        pthread_mutex_lock(&${p}_counters_lock); \
        stmt; \
        pthread_mutex_unlock(&${p}_counters_lock); \
    } while (0)

static void ${p}_bump(enum ${p}_counter c, long by)
{
    ${P}_LOCKED({
        ${p}_counters[c] += by;
        if (${p}_counters[0] > ${p}_peak)
            ${p}_peak = ${p}_counters[0];
    });
}

static void *${p}_worker(void *arg)
{
    struct rp_warg *w = arg;
    int i;

    for (i = 0; i < $ops; i++) {
        unsigned r = rp_rand(&w->seed);
        long limit, gen;

        ${p}_bump((enum ${p}_counter)(r % ${P}_NCOUNTERS), 1 + (long)(r >> 28));
        if (i % 8 == 0) {
            ${p}_bump((enum ${p}_counter)((int)(r >> 3) % ${P}_NCOUNTERS), 1);
            ${p}_bump((enum ${p}_counter)((int)(r >> 9) % ${P}_NCOUNTERS), 1);
            ${p}_bump((enum ${p}_counter)((int)(r >> 15) % ${P}_NCOUNTERS), 1);
        }
        pthread_rwlock_rdlock(&${p}_config_lock);
        limit = ${p}_config.limit;
        gen = ${p}_config.generation;
        pthread_rwlock_unlock(&${p}_config_lock);
        __atomic_fetch_add(&${p}_reads, 1, __ATOMIC_RELAXED);
        if (gen <= 0 || limit <= 0)
            w->sum++;
        if (w->id == 0 && i % $every == 0) {
            pthread_rwlock_wrlock(&${p}_config_lock);
            ${p}_config.generation++;
            ${p}_config.scale = ${p}_config.generation % 5 + 1;
            pthread_rwlock_unlock(&${p}_config_lock);
        }
        w->done++;
    }
    return NULL;
}
""")

STATS_CHECK = T(r"""
    {
        long total = 0, bad = 0;

        sum = 0;
        for (i = 0; i < ${P}_NCOUNTERS; i++) {
            total += ${p}_counters[i];
            sum = rp_mix(sum, (unsigned long)${p}_counters[i]);
        }
        for (i = 0; i < $nthreads; i++)
            bad += (long)args[i].sum;
        if (${p}_peak != ${p}_counters[0] || bad != 0)
            rp_log(0, "$p: peak %ld, %ld bad reads", ${p}_peak, bad);
        sum = rp_mix(sum, (unsigned long)(total + ${p}_config.generation * 1000 + ${p}_config.scale));
    }
""")

COUNTER_NAMES = ["ACCEPTED", "REJECTED", "TIMEOUTS", "RETRIES", "BYTES_IN", "BYTES_OUT", "ERRORS", "SLOW",
                 "EVICTED", "DEFERRED"]


def gen_stats(rng, p, P, variant, bug):
    names = rng.sample(COUNTER_NAMES, rng.randint(3, len(COUNTER_NAMES)))
    counters = "".join("    %s_C_%s,\n" % (P, n) for n in names)
    n = rng.randint(2, 4)
    kw = dict(p=p, P=P, counters=counters, limit=rng.randint(10, 10000), ops=rng.choice([300, 500, 900]),
              every=rng.choice([37, 100]))
    body = fill(STATS_ATOMIC if variant == "atomic" else STATS_PTHREAD, **kw)
    body += run_fn(rng, p, n, "%s_worker" % p, "", fill(STATS_CHECK, nthreads=n, **kw))
    return concurrent(p, "stats", body)


JOURNAL_HEAD = T(r"""
/* ---- $p: a journal of typed records in a segment with a flexible array ---- */

#define ${P}_NSLOTS $nslots

enum ${p}_rtype {
    ${P}_R_ADD = 1 << 0,
    ${P}_R_SUB = 1 << 1,
    ${P}_R_SET = 1 << 2,
    ${P}_R_NOP = 1 << 3,
    ${P}_R_CHANGES = ${P}_R_ADD | ${P}_R_SUB | ${P}_R_SET,
};

struct ${p}_record {
    enum ${p}_rtype type;
    union {
        long delta;
        struct {
            int slot;
            int value;
        } set;
    } u;
};

struct ${p}_segment {
    int used;
    int cap;
    long seen;
    long sum;
    struct ${p}_record recs[];
};

static struct ${p}_segment *${p}_seg;
static long ${p}_slots[${P}_NSLOTS];
static long ${p}_applied;
static long ${p}_taken;
$locks""")

JOURNAL_ATOMIC = T(r"""
/* 0 when the record was applied, 1 when it changes nothing (the block
 * is left by goto: what it did so far commits). */
static int ${p}_append(struct ${p}_record r)
{
    atomic {
        struct ${p}_segment *s = ${p}_seg;

        s->seen++;
        if (!(r.type & ${P}_R_CHANGES))
            goto unchanged;
        s->recs[s->used++] = (struct ${p}_record){ .type = r.type, .u = r.u };
        switch (r.type) {
        case ${P}_R_ADD:
            s->sum += rp_vsum(2, r.u.delta, 1L) - 1;
            /* fallthrough */
        case ${P}_R_NOP:
            ${p}_applied++;
            break;
        case ${P}_R_SUB:
            s->sum -= r.u.delta;
            ${p}_applied++;
            break;
        case ${P}_R_SET:
        default:
            ${p}_slots[r.u.set.slot] += RP_MAX(r.u.set.value, 0);
            ${p}_applied++;
            break;
        }
    }
    return 0;
unchanged:
    return 1;
}

/* Takes `want` from a slot that holds at least that much (the block is
 * left by return when it does not). */
static long ${p}_take(int slot, long want)
{
    atomic {
        if (${p}_slots[slot] < want)
            return 0;
        ${p}_slots[slot] -= want;
        ${p}_taken += want;
    }
    return want;
}
""")

JOURNAL_PTHREAD = T(r"""
static int ${p}_append(struct ${p}_record r)
{
    struct ${p}_segment *s;
    int rc = 0;

    pthread_mutex_lock(&${p}_lock);
    s = ${p}_seg;
    s->seen++;
    if (!(r.type & ${P}_R_CHANGES)) {
        rc = 1;
        goto unlock;
    }
    s->recs[s->used++] = (struct ${p}_record){ .type = r.type, .u = r.u };
    switch (r.type) {
    case ${P}_R_ADD:
        s->sum += rp_vsum(2, r.u.delta, 1L) - 1;
        /* fallthrough */
    case ${P}_R_NOP:
        ${p}_applied++;
        break;
    case ${P}_R_SUB:
        s->sum -= r.u.delta;
        ${p}_applied++;
        break;
    case ${P}_R_SET:
    default:
        pthread_mutex_lock(&${p}_slots_lock);
        ${p}_slots[r.u.set.slot] += RP_MAX(r.u.set.value, 0);
        pthread_mutex_unlock(&${p}_slots_lock);
        ${p}_applied++;
        break;
    }
unlock:
    pthread_mutex_unlock(&${p}_lock);
    return rc;
}

static long ${p}_take(int slot, long want)
{
    pthread_mutex_lock(&${p}_slots_lock);
    if (${p}_slots[slot] < want) {
        pthread_mutex_unlock(&${p}_slots_lock);
        return 0;
    }
    ${p}_slots[slot] -= want;
    ${p}_taken += want;
    pthread_mutex_unlock(&${p}_slots_lock);
    return want;
}
""")

JOURNAL_WORKER = T(r"""
static void *${p}_worker(void *arg)
{
    struct rp_warg *w = arg;
    int i;

    for (i = 0; i < $ops; i++) {
        unsigned r = rp_rand(&w->seed);
        struct ${p}_record rec = { .type = (enum ${p}_rtype)(1u << (r % 4)) };

        if (rec.type == ${P}_R_SET) {
            rec.u.set.slot = (int)((r >> 4) % ${P}_NSLOTS);
            rec.u.set.value = (int)(r >> 20) % 100 - 10;
        } else {
            rec.u.delta = (long)(r >> 8) % 1000;
        }
        w->sum += (unsigned long)${p}_append(rec);
        if (i % $every == 0)
            ${p}_take((int)((r >> 12) % ${P}_NSLOTS), 1 + (long)(r >> 28));
$move        w->done++;
    }
    return NULL;
}
""")

JOURNAL_SETUP = T(r"""    ${p}_seg = malloc(sizeof *${p}_seg + (size_t)$cap * sizeof ${p}_seg->recs[0]);
    if (${p}_seg == NULL) {
        fprintf(stderr, "$p: out of memory\n");
        exit(1);
    }
    *${p}_seg = (struct ${p}_segment){ .cap = $cap };
""")

JOURNAL_CHECK = T(r"""
    {
        long slots = 0, unchanged = 0;

        for (i = 0; i < ${P}_NSLOTS; i++)
            slots += ${p}_slots[i];
        for (i = 0; i < $nthreads; i++)
            unchanged += (long)args[i].sum;
        if (${p}_seg->seen != (long)$nthreads * $ops || ${p}_seg->used + unchanged != ${p}_seg->seen)
            rp_log(0, "$p: %ld records seen, %d kept", ${p}_seg->seen, ${p}_seg->used);
        sum = rp_mix((unsigned long)${p}_seg->sum, (unsigned long)${p}_seg->used);
        sum = rp_mix(sum, (unsigned long)(slots + ${p}_taken));
        sum = rp_mix(sum, (unsigned long)${p}_applied);
        free(${p}_seg);
        ${p}_seg = NULL;
    }
""")


JOURNAL_MOVE_ATOMIC = T(r"""        if (i % $every == 1) {
            /* A move between two slots: take's block (left by return)
             * joins this one. */
            atomic {
                long got = ${p}_take((int)((r >> 6) % ${P}_NSLOTS), 2);

                ${p}_slots[(r >> 16) % ${P}_NSLOTS] += got;
                ${p}_taken -= got;
            }
        }
""")

JOURNAL_MOVE_PTHREAD = T(r"""        if (i % $every == 1) {
            long got = ${p}_take((int)((r >> 6) % ${P}_NSLOTS), 2);

            pthread_mutex_lock(&${p}_slots_lock);
            ${p}_slots[(r >> 16) % ${P}_NSLOTS] += got;
            ${p}_taken -= got;
            pthread_mutex_unlock(&${p}_slots_lock);
        }
""")


def gen_journal(rng, p, P, variant, bug):
    n = rng.randint(2, 4)
    ops = rng.choice([300, 500, 800])
    kw = dict(p=p, P=P, nslots=rng.choice([4, 16, 64]), ops=ops, every=rng.choice([3, 7, 16]), cap=n * ops,
              nthreads=n)
    locks = "" if variant == "atomic" else (
        "static pthread_mutex_t ${p}_lock = PTHREAD_MUTEX_INITIALIZER;\n"
        "static pthread_mutex_t ${p}_slots_lock = PTHREAD_MUTEX_INITIALIZER;\n")
    body = fill(JOURNAL_HEAD, locks=string.Template(locks).substitute(p=p), **kw)
    body += fill(JOURNAL_ATOMIC if variant == "atomic" else JOURNAL_PTHREAD, **kw)
    body += fill(JOURNAL_WORKER, move=fill(JOURNAL_MOVE_ATOMIC if variant == "atomic" else JOURNAL_MOVE_PTHREAD, **kw),
                 **kw)
    body += run_fn(rng, p, n, "%s_worker" % p, fill(JOURNAL_SETUP, **kw), fill(JOURNAL_CHECK, **kw))
    return concurrent(p, "journal", body)


GENERATORS = {
    "vm": gen_vm, "strbuf": gen_strbuf, "kr": gen_kr, "drivers": gen_drivers, "perms": gen_perms,
    "config": gen_config, "queue": gen_queue, "cache": gen_cache, "bank": gen_bank, "events": gen_events,
    "pool": gen_pool, "stats": gen_stats, "journal": gen_journal,
}

# The lock-order cycle: bank module A calls B's note() while holding its
# audit lock, and B calls A's note() while holding its own (on --paranoid).
PHASE = 2       # concurrent modules whose threads run at the same time

CYCLE = "    if (rp_opts.paranoid)\n        %s_note(1); /* injected: deadlock */\n"


# ---------------------------------------------------------------------------
# The program
# ---------------------------------------------------------------------------

def plan_modules(rng, lines, variant):
    """The kinds of the modules, in order: about one concurrent module for
    every two library modules, each concurrent kind at least once."""
    kinds = []
    conc = list(CONCURRENT_KINDS)
    rng.shuffle(conc)
    est = {"vm": 215, "strbuf": 145, "kr": 60, "drivers": 200, "perms": 110, "config": 155,
           "queue": 110, "cache": 150, "bank": 120, "events": 170, "pool": 150, "stats": 110, "journal": 190}
    total = 230
    while total < lines or not set(CONCURRENT_KINDS) <= set(kinds):
        if conc and (len(kinds) % 3 == 2):
            k = conc.pop()
        elif len(kinds) % 3 == 2:
            k = rng.choice(CONCURRENT_KINDS)
        else:
            k = rng.choice(LIBRARY_KINDS)
        kinds.append(k)
        total += est[k]
    return kinds


class Program:
    """A generated program: `files` maps a file name to its text."""

    def __init__(self, files, layout, variant, modules):
        self.files = files
        self.layout = layout
        self.variant = variant
        self.modules = modules

    def sources(self):
        return sorted(f for f in self.files if f.endswith(".c"))

    def write(self, outdir):
        os.makedirs(outdir, exist_ok=True)
        for name, text in sorted(self.files.items()):
            with open(os.path.join(outdir, name), "w", encoding="utf-8") as f:
                f.write(text)

    def lines(self):
        return sum(t.count("\n") for t in self.files.values())


def generate(lines=10000, seed=DEFAULT_SEED, variant="atomic", layout="amalgamation", files=20, bugs=False):
    """Generates a program.

    >>> p = generate(lines=3000, layout="multi", files=6, variant="pthread", bugs=True)
    >>> p.sources()[:3], sorted(set(r for r, _, _ in expected_findings(p)))
    (['m01.c', 'm02.c', 'm03.c'], ['data-race', 'deadlock', 'double-lock', 'lock-leak'])
    """
    if variant not in ("atomic", "pthread"):
        raise ValueError("variant must be atomic or pthread")
    if bugs and variant != "pthread":
        raise ValueError("bugs are injected in the pthread variant only")
    rng = random.Random("%d/%d/%s" % (seed, lines, variant))
    kinds = plan_modules(rng, lines, variant)
    conc = [i for i, k in enumerate(kinds) if k in CONCURRENT_KINDS]
    phases = [conc[i:i + PHASE] for i in range(0, len(conc), PHASE)]
    bug_at = {}
    if bugs:
        # The cycle: two bank modules of one phase (their threads overlap).
        pair = next((ph for ph in phases if len(ph) == 2 and any(kinds[i] == "bank" for i in ph)), phases[0])
        a, b = pair
        kinds[a] = kinds[b] = "bank"
        bug_at[a] = CYCLE % ("m%03d" % b)
        bug_at[b] = CYCLE % ("m%03d" % a)
        caches = [i for i in conc if kinds[i] == "cache" and i not in pair]
        for i in reversed(conc):
            if len(caches) >= 2:
                break
            if i not in pair and i not in caches:
                kinds[i] = "cache"
                caches.append(i)
        caches.sort()
        bug_at[caches[0]] = "lock-leak"
        bug_at[caches[-1]] = "data-race"
    modules = []
    for i, k in enumerate(kinds):
        p = "m%03d" % i
        modules.append(GENERATORS[k](rng, p, p.upper(), variant, bug_at.get(i)))
    api = "".join(m.api for m in modules)
    prelude = fill(PRELUDE, nmods=len(modules), seed=seed, api=api, atomic_api="" if variant != "atomic" else (
        "RP_API void rp_sem_down(long *tokens);\nRP_API void rp_sem_up(long *tokens);\n"))
    calls = []
    last_of_phase = {ph[-1]: ph for ph in phases}
    for i, m in enumerate(modules):
        if m.call is not None:
            calls.append(fill(MAIN_CALL, call=m.call, name=m.name))
        elif i in last_of_phase:
            ph = last_of_phase[i]
            calls.append("".join("    %s_start();\n" % modules[j].name for j in ph))
            calls.extend(fill(MAIN_CALL, call="%s_finish()" % modules[j].name, name=modules[j].name) for j in ph)
    calls = "".join(calls)
    main = fill(MAIN, calls=calls, nmods=len(modules))
    util = fill(UTIL, atomic_util=UTIL_ATOMIC if variant == "atomic" else "")
    out = {}
    if layout == "amalgamation":
        out["prog.c"] = ("/* prog.c: an amalgamation of every module of the service (generated). */\n"
                         "#define RP_AMALGAMATION 1\n" + prelude + util + "".join(m.body for m in modules) + main)
    elif layout == "multi":
        nfiles = max(3, files) - 2        # util.c and main.c
        out["rp.h"] = prelude
        out["util.c"] = '#include "rp.h"\n' + util
        out["main.c"] = '#include "rp.h"\n' + main
        groups = [[] for _ in range(min(nfiles, len(modules)))]
        for i, m in enumerate(modules):
            groups[i * len(groups) // len(modules)].append(m)
        for j, g in enumerate(groups):
            out["m%02d.c" % (j + 1)] = ('#include "rp.h"\n' + "".join(m.body for m in g))
    else:
        raise ValueError("layout must be amalgamation or multi")
    return Program(out, layout, variant, modules)


def expected_findings(prog):
    """(rule, file, line) of every finding the linter must report at that line:
    the `/* injected: RULE */` markers (the bugs) and the `/* expect: RULE... */`
    markers (the other end of the race, the findings that follow from the
    leak).  A deadlock's finding is at one of its edges: its two markers are
    the calls that take the second lock, which the finding names as notes."""
    found = []
    for name in sorted(prog.files):
        for n, line in enumerate(prog.files[name].split("\n"), 1):
            m = re.search(r"/\* (injected|expect): ([a-z -]+) \*/", line)
            if m:
                found.extend((rule, name, n) for rule in m.group(2).split())
    return found


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lines", type=int, default=10000, help="about this many lines in all")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--variant", choices=["atomic", "pthread"], default="atomic")
    ap.add_argument("--layout", choices=["amalgamation", "multi"], default="amalgamation")
    ap.add_argument("--files", type=int, default=20, help="files of the multi layout (with util.c and main.c)")
    ap.add_argument("--bugs", action="store_true", help="inject the three bugs (pthread variant)")
    ap.add_argument("-o", "--outdir", required=True)
    a = ap.parse_args(argv)
    if a.bugs and a.variant != "pthread":
        ap.error("--bugs needs --variant=pthread")
    prog = generate(a.lines, a.seed, a.variant, a.layout, a.files, a.bugs)
    prog.write(a.outdir)
    print("%s: %d files, %d lines, %d modules" % (a.outdir, len(prog.files), prog.lines(), len(prog.modules)))
    for rule, f, n in expected_findings(prog):
        print("  expected finding: %s at %s:%d" % (rule, f, n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
