/*
 * many_locations - blocks that touch 68 and 40 distinct extern locations.
 *
 * bump_all() (arrays.c) increments one element of each of 20 arrays, at
 * indices computed from its argument, and every one of 48 scalars defined
 * in scalars.c.  The move block here shifts a unit inside each of the 20
 * arrays between two computed indices (sometimes the same one).  Checker
 * blocks require every scalar and every array's sum to equal s0.  The
 * final contents are order-independent, so a weighted checksum is exact.
 */
// EXPECT: bumps: 100000
// EXPECT: scalars: ok
// EXPECT: arrays: ok
// EXPECT: checksum: 178501008
// EXPECT: checks: ok
// LEGAL: global pervar stm

#include <pthread.h>
#include <stdio.h>
#include "many.h"

#define THREADS 4
#define ITERS   25000

static long bad;
static pthread_barrier_t gate;

static void *worker(void *arg)
{
    unsigned id = (unsigned)(long)arg;
    pthread_barrier_wait(&gate);
    for (unsigned i = 0; i < ITERS; i++) {
        unsigned k = i * 5u + id;
        bump_all(k);
        atomic {
            a0[(k + 0u) % LEN]--; a0[(k * 7u + 1u) % LEN]++;
            a1[(k + 1u) % LEN]--; a1[(k * 7u + 2u) % LEN]++;
            a2[(k + 2u) % LEN]--; a2[(k * 7u + 3u) % LEN]++;
            a3[(k + 3u) % LEN]--; a3[(k * 7u + 4u) % LEN]++;
            a4[(k + 4u) % LEN]--; a4[(k * 7u + 5u) % LEN]++;
            a5[(k + 5u) % LEN]--; a5[(k * 7u + 6u) % LEN]++;
            a6[(k + 6u) % LEN]--; a6[(k * 7u + 7u) % LEN]++;
            a7[(k + 7u) % LEN]--; a7[(k * 7u + 8u) % LEN]++;
            a8[(k + 8u) % LEN]--; a8[(k * 7u + 9u) % LEN]++;
            a9[(k + 9u) % LEN]--; a9[(k * 7u + 10u) % LEN]++;
            a10[(k + 10u) % LEN]--; a10[(k * 7u + 11u) % LEN]++;
            a11[(k + 11u) % LEN]--; a11[(k * 7u + 12u) % LEN]++;
            a12[(k + 12u) % LEN]--; a12[(k * 7u + 13u) % LEN]++;
            a13[(k + 13u) % LEN]--; a13[(k * 7u + 14u) % LEN]++;
            a14[(k + 14u) % LEN]--; a14[(k * 7u + 15u) % LEN]++;
            a15[(k + 15u) % LEN]--; a15[(k * 7u + 16u) % LEN]++;
            a16[(k + 16u) % LEN]--; a16[(k * 7u + 17u) % LEN]++;
            a17[(k + 17u) % LEN]--; a17[(k * 7u + 18u) % LEN]++;
            a18[(k + 18u) % LEN]--; a18[(k * 7u + 19u) % LEN]++;
            a19[(k + 19u) % LEN]--; a19[(k * 7u + 20u) % LEN]++;
        }
        if (i % 128 == id) {
            atomic {
            long first = s0;
            bad += (s1 != first) + (s2 != first) + (s3 != first) + (s4 != first) + (s5 != first) + (s6 != first);
            bad += (s7 != first) + (s8 != first) + (s9 != first) + (s10 != first) + (s11 != first) + (s12 != first);
            bad += (s13 != first) + (s14 != first) + (s15 != first) + (s16 != first) + (s17 != first) + (s18 != first);
            bad += (s19 != first) + (s20 != first) + (s21 != first) + (s22 != first) + (s23 != first) + (s24 != first);
            bad += (s25 != first) + (s26 != first) + (s27 != first) + (s28 != first) + (s29 != first) + (s30 != first);
            bad += (s31 != first) + (s32 != first) + (s33 != first) + (s34 != first) + (s35 != first) + (s36 != first);
            bad += (s37 != first) + (s38 != first) + (s39 != first) + (s40 != first) + (s41 != first) + (s42 != first);
            bad += (s43 != first) + (s44 != first) + (s45 != first) + (s46 != first) + (s47 != first);
            for (int j = 0; j < 20; j++)
                bad += array_sum(j) != first;
            }
        }
    }
    return NULL;
}

int main(void)
{
    pthread_t t[THREADS];
    pthread_barrier_init(&gate, NULL, THREADS);
    for (long i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&gate);
    long *const scalars[48] = {
        &s0, &s1, &s2, &s3, &s4, &s5, &s6, &s7, &s8, &s9, &s10, &s11,
        &s12, &s13, &s14, &s15, &s16, &s17, &s18, &s19, &s20, &s21, &s22, &s23,
        &s24, &s25, &s26, &s27, &s28, &s29, &s30, &s31, &s32, &s33, &s34, &s35,
        &s36, &s37, &s38, &s39, &s40, &s41, &s42, &s43, &s44, &s45, &s46, &s47,
    };
    long *const arrays[20] = {
        a0, a1, a2, a3, a4, a5, a6, a7, a8, a9,
        a10, a11, a12, a13, a14, a15, a16, a17, a18, a19,
    };
    long off = 0, sum = 0;
    for (int i = 0; i < 48; i++)
        off += *scalars[i] != s0;
    printf("bumps: %ld\n", s0);
    printf("scalars: %s\n", off ? "BROKEN" : "ok");
    off = 0;
    for (int j = 0; j < 20; j++) {
        long s = 0;
        for (int i = 0; i < LEN; i++) {
            s += arrays[j][i];
            sum += arrays[j][i] * (i + 1) * (j + 1);
        }
        off += s != s0;
    }
    printf("arrays: %s\n", off ? "BROKEN" : "ok");
    printf("checksum: %ld\n", sum);
    printf("checks: %s\n", bad ? "BROKEN" : "ok");
    return 0;
}
