/*
 * early_exit.c - corner cases of atomic blocks (Atomic C).
 *
 * Threads leave atomic blocks by return, break, continue and goto (each
 * commits the block), nest blocks directly and through a call, `retry`
 * from a nested block, and use `atomic` as an ordinary identifier (a
 * function, a local variable, a struct member).  C11 <stdatomic.h>
 * objects are used outside the blocks.  Every total is independent of
 * the interleaving.
 *
 * Usage: early_exit [rounds-per-thread]   (default 5000)
 */
// LEGAL: global pervar stm
// EXPECT: gate: 4 passed
// EXPECT: return: 20000 slots
// EXPECT: break: 20000 tickets
// EXPECT: continue: 80000 evens, 0 odds
// EXPECT: goto: 15000 bumps, 5000 skipped
// EXPECT: nested: outer 20000, inner 20000, odd 10000
// EXPECT: calls: 40000 deposits, total 4000
// EXPECT: identifiers: 108 23
// EXPECT: stdatomic: 4 threads, 20000 ops, 3 late

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#define NTHREADS 4
#define NSLOTS   32
#define BALANCE  1000

struct flags { int atomic, other; };    /* a member named atomic */

/* Shared: touched only inside atomic blocks, or before/after the threads. */
static bool gate_open;
static int gate_passed;
static long rounds;                     /* read-only while threads run */
static long slots[NSLOTS], tickets, taken, evens, odds, bumps, skipped;
static long outer_hits, inner_hits, odd_exits, accounts[NTHREADS], deposits;
static long ident_sum, failures;

/* C11 atomics: touched outside atomic blocks. */
static atomic_int finished, late;
static _Atomic unsigned long plain_ops;
static atomic_flag first_done = ATOMIC_FLAG_INIT;

static int atomic(int x) { return 2 * x + 1; }     /* a function named atomic */

static int call_atomic(int x)
{
    int (*fn)(int) = atomic;
    int r = atomic(x) + fn(x);
    atomic(r);                          /* an expression statement, not a block */
    return r + (atomic)(0);
}

static int claim_slot(long tag)         /* return from a loop in a block */
{
    atomic {
        for (int i = 0; i < NSLOTS; i++)
            if (slots[i] == 0) {
                slots[i] = tag;
                return i;
            }
    }
    return -1;
}

static int release_slot(long tag)       /* this break stays in the block */
{
    int i;
    atomic {
        for (i = 0; i < NSLOTS; i++)
            if (slots[i] == tag)
                break;
        if (i < NSLOTS)
            slots[i] = 0;
    }
    return i;
}

static void maybe_bump(long round)      /* goto out of a block */
{
    atomic {
        if (round % 4 == 0)
            goto skip;
        bumps++;
    }
    return;
skip:
    atomic { skipped++; }
}

static long nested_return(void)         /* return releases both levels */
{
    atomic {
        outer_hits++;
        atomic {
            if (++inner_hits % 2 == 0)
                return inner_hits;
        }
        odd_exits++;
    }
    return -1;
}

static void deposit(long *account, long amount)    /* called inside blocks too */
{
    atomic { *account += amount; deposits++; }
}

static long use_identifier(int n)       /* a local variable named atomic */
{
    struct flags f = { .atomic = n, .other = 0 }, *p = &f;
    long atomic = p->atomic;
    atomic += f.atomic;
    atomic { ident_sum += atomic; }
    atomic = atomic / 2;
    return atomic;
}

static void *worker(void *arg)
{
    const int id = *(const int *)arg;
    long mine = 0, bad = 0, leaks = 0;

    atomic {                            /* retry in the inner block re-runs the outer */
        atomic { if (!gate_open) retry; }
        gate_passed++;
    }
    for (long r = 0; r < rounds; r++) {
        int s = claim_slot(id + 1);
        bad += s < 0 || release_slot(id + 1) != s;
        for (int k = 0; k < 8; k++) {
            atomic {
                if (k % 2 != 0)
                    continue;           /* leaves the block */
                evens++;
            }
            leaks += k % 2 != 0;
        }
        maybe_bump(r);
        nested_return();
        atomic {                        /* blocks nested through calls */
            deposit(&accounts[id], -5);
            deposit(&accounts[(id + 1) % NTHREADS], 5);
        }
        atomic_fetch_add(&plain_ops, 1);
    }
    for (;;) {
        atomic {
            if (tickets == 0)
                break;                  /* leaves the block and the loop */
            tickets--;
        }
        mine++;
    }
    long ident = use_identifier(call_atomic(id));
    atomic { taken += mine; failures += bad; odds += leaks; ident_sum += ident; }

    if (atomic_flag_test_and_set(&first_done))
        atomic_fetch_add_explicit(&late, 1, memory_order_relaxed);
    atomic_fetch_add(&finished, 1);
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t tid[NTHREADS];
    int ids[NTHREADS];
    long total = 0;

    rounds = argc > 1 ? atol(argv[1]) : 5000;
    tickets = rounds * NTHREADS;
    for (int i = 0; i < NTHREADS; i++)       /* before any thread: worker i also pays into i + 1 */
        accounts[i] = BALANCE;
    for (int i = 0; i < NTHREADS; i++) {
        ids[i] = i;
        pthread_create(&tid[i], NULL, worker, &ids[i]);
    }
    atomic { gate_open = true; }
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(tid[i], NULL);
    for (int i = 0; i < NTHREADS; i++)
        total += accounts[i];

    printf("gate: %d passed\n", gate_passed);
    printf("return: %ld slots\n", rounds * NTHREADS - failures);
    printf("break: %ld tickets\n", taken);
    printf("continue: %ld evens, %ld odds\n", evens, odds);
    printf("goto: %ld bumps, %ld skipped\n", bumps, skipped);
    printf("nested: outer %ld, inner %ld, odd %ld\n", outer_hits, inner_hits, odd_exits);
    printf("calls: %ld deposits, total %ld\n", deposits, total);
    printf("identifiers: %ld %d\n", ident_sum, call_atomic(5));
    printf("stdatomic: %d threads, %lu ops, %d late\n",
           atomic_load(&finished), atomic_load(&plain_ops), atomic_load(&late));
    if (failures != 0 || odds != 0 || taken != rounds * NTHREADS || total != NTHREADS * BALANCE) {
        printf("FAIL: %ld failed checks\n", failures);
        return 1;
    }
    return 0;
}
