/*
 * early_exit.c - the corner cases of atomic blocks (Atomic C).
 *
 * Several threads leave atomic blocks by return, break, continue and
 * goto (each of which commits the block), nest atomic blocks (the inner
 * one joins the outer one, also when it sits in a function called from
 * inside a block), `retry` from a nested block, and use `atomic` as an
 * ordinary identifier (a function, a local variable, a struct member).
 * C11 <stdatomic.h> objects are used outside the blocks as usual.
 * Every counter is bumped a fixed number of times, so the totals below
 * are the same for every interleaving.
 *
 * Usage: early_exit [rounds-per-thread]   (default 5000)
 */
// EXPECT: threads: 4
// EXPECT: gate: 4 passed
// EXPECT: return: 20000 slots claimed and found
// EXPECT: break: 20000 tickets
// EXPECT: continue: 80000 evens, 0 odds
// EXPECT: goto: 15000 bumps, 5000 skipped
// EXPECT: switch: 6668 zeros (3332 odd), 6668 ones, 6664 twos
// EXPECT: nested: outer 20000, inner 20000, odd 10000
// EXPECT: calls: 40000 deposits, total 4000, audits ok
// EXPECT: identifiers: 108 23
// EXPECT: stdatomic: 20000 ops, 3 late

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#define NTHREADS       4
#define NSLOTS         32
#define DEFAULT_ROUNDS 5000
#define START_BALANCE  1000

struct flags {
    int atomic;                 /* a member named atomic */
    int other;
};

/* Shared state: touched only inside atomic blocks (or before/after the threads). */
static bool gate_open;
static int gate_passed;
static long slots[NSLOTS];
static long tickets;
static long evens, bumps, skipped;
static long cases[3], odd_zeros;
static long outer_hits, inner_hits, odd_exits;
static long accounts[NTHREADS], deposits;
static long identifier_sum;
static long taken, leaked, failures;
static long rounds;             /* set before the threads start, read-only after */

/* C11 atomics, touched outside atomic blocks. */
static atomic_int finished;
static _Atomic unsigned long plain_ops;
static atomic_flag first_done = ATOMIC_FLAG_INIT;
static atomic_int late;

/* A function named atomic, called and taken the address of. */
static int atomic(int x) { return 2 * x + 1; }

static int call_atomic(int x)
{
    int (*fn)(int) = atomic;
    int r = atomic(x) + fn(x);
    atomic(r);                  /* an expression statement, not a block */
    return r + (atomic)(0);
}

/* return from inside a loop inside an atomic block. */
static int claim_slot(long tag)
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

/* break that stays inside the block (it only leaves the for loop). */
static int find_slot(long tag)
{
    int found = -1;
    atomic {
        for (int i = 0; i < NSLOTS; i++)
            if (slots[i] == tag) {
                found = i;
                break;
            }
        if (found >= 0)
            slots[found] = 0;
    }
    return found;
}

/* goto out of the block. */
static void maybe_bump(long round)
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

/* return from a nested block: both levels must be released. */
static long nested_return(void)
{
    atomic {
        outer_hits++;
        atomic {
            inner_hits++;
            if (inner_hits % 2 == 0)
                return inner_hits;
        }
        odd_exits++;
    }
    return -1;
}

/* Contains an atomic block; also called from inside other atomic blocks. */
static void deposit(long *account, long amount)
{
    atomic {
        *account += amount;
        deposits++;
    }
}

/* A local variable named atomic, used around and inside an atomic block. */
static long use_identifier(int n)
{
    struct flags f = { .atomic = n, .other = 0 }, *p = &f;
    long atomic = p->atomic;
    atomic += f.atomic;
    atomic { identifier_sum += atomic; }
    atomic = atomic / 2;
    p->atomic = (int)atomic;
    return atomic;
}

static void *worker(void *arg)
{
    const int id = *(const int *)arg;
    const long tag = id + 1;
    long my_tickets = 0, my_leaks = 0, my_failures = 0;

    /* retry from a nested block re-runs the outer one: wait for the gate. */
    atomic {
        atomic {
            if (!gate_open)
                retry;
        }
        gate_passed++;
    }

    for (long r = 0; r < rounds; r++) {
        int s = claim_slot(tag);
        if (s < 0 || find_slot(tag) != s)
            my_failures++;

        for (int k = 0; k < 8; k++) {
            atomic {
                if (k % 2 != 0)
                    continue;       /* leaves the block, next iteration */
                evens++;
            }
            if (k % 2 != 0)
                my_leaks++;
        }

        maybe_bump(r);

        switch (r % 3) {
        case 0:
            atomic {
                cases[0]++;
                if (r % 2 == 0)
                    break;          /* leaves the block and the switch */
                odd_zeros++;
            }
            break;
        case 1:
            atomic { cases[1]++; }
            break;
        default:
            atomic {
                switch (r % 2) {    /* a break that stays in the block */
                case 0: cases[2]++; break;
                default: cases[2]++; break;
                }
            }
            break;
        }

        nested_return();

        atomic {                    /* blocks nested through calls */
            deposit(&accounts[id], -5);
            deposit(&accounts[(id + 1) % NTHREADS], 5);
        }
        long total = 0;
        atomic {
            for (int i = 0; i < NTHREADS; i++)
                total += accounts[i];
        }
        if (total != NTHREADS * START_BALANCE)
            my_failures++;

        atomic_fetch_add(&plain_ops, 1);
    }

    for (;;) {                      /* break out of the block ends the loop */
        atomic {
            if (tickets == 0)
                break;
            tickets--;
        }
        my_tickets++;
    }

    long ident = use_identifier(call_atomic(id));
    atomic {
        taken += my_tickets;
        leaked += my_leaks;
        failures += my_failures;
        identifier_sum += ident;
    }

    if (atomic_flag_test_and_set(&first_done))
        atomic_fetch_add_explicit(&late, 1, memory_order_relaxed);
    atomic_fetch_add(&finished, 1);
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t tid[NTHREADS];
    int ids[NTHREADS];

    rounds = argc > 1 ? atol(argv[1]) : DEFAULT_ROUNDS;
    tickets = rounds * NTHREADS;
    for (int i = 0; i < NTHREADS; i++)
        accounts[i] = START_BALANCE;
    for (int i = 0; i < NTHREADS; i++) {
        ids[i] = i;
        pthread_create(&tid[i], NULL, worker, &ids[i]);
    }
    atomic { gate_open = true; }
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(tid[i], NULL);

    long balance = 0;
    for (int i = 0; i < NTHREADS; i++)
        balance += accounts[i];

    printf("threads: %d\n", atomic_load(&finished));
    printf("gate: %d passed\n", gate_passed);
    printf("return: %ld slots claimed and found\n", rounds * NTHREADS - failures);
    printf("break: %ld tickets\n", taken);
    printf("continue: %ld evens, %ld odds\n", evens, leaked);
    printf("goto: %ld bumps, %ld skipped\n", bumps, skipped);
    printf("switch: %ld zeros (%ld odd), %ld ones, %ld twos\n",
           cases[0], odd_zeros, cases[1], cases[2]);
    printf("nested: outer %ld, inner %ld, odd %ld\n", outer_hits, inner_hits, odd_exits);
    printf("calls: %ld deposits, total %ld, audits %s\n", deposits, balance,
           failures == 0 ? "ok" : "FAILED");
    printf("identifiers: %ld %d\n", identifier_sum, call_atomic(5));
    printf("stdatomic: %lu ops, %d late\n", atomic_load(&plain_ops), atomic_load(&late));

    for (int i = 0; i < NSLOTS; i++)
        if (slots[i] != 0)
            failures++;
    if (failures != 0 || leaked != 0 || tickets != 0 || taken != rounds * NTHREADS ||
        balance != NTHREADS * START_BALANCE || outer_hits != inner_hits) {
        printf("FAIL: %ld failed checks\n", failures);
        return 1;
    }
    return 0;
}
