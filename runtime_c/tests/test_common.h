/* test_common.h - tiny helpers for the runtime's C tests. */
#ifndef ATOMICC_TEST_COMMON_H
#define ATOMICC_TEST_COMMON_H

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__,  \
                    #cond);                                                    \
            exit(1);                                                           \
        }                                                                      \
    } while (0)

/* Fewer iterations under ThreadSanitizer (it is ~10x slower). */
#if defined(__SANITIZE_THREAD__)
#define TEST_SCALE 5
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define TEST_SCALE 5
#endif
#endif
#ifndef TEST_SCALE
#define TEST_SCALE 1
#endif

static inline void test_sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0)
        ;
}

static inline double test_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Bank arrays of the solo tests: every account starts at `init`; at the end
 * no account is negative and the money is all there. */
static inline void test_bank_fill(long *bank, int n, long init)
{
    for (int i = 0; i < n; i++)
        bank[i] = init;
}

static inline void test_bank_check(const long *bank, int n, long init)
{
    long sum = 0;
    for (int i = 0; i < n; i++) {
        CHECK(bank[i] >= 0);
        sum += bank[i];
    }
    CHECK(sum == (long)n * init);
}

static inline pthread_t test_spawn(void *(*fn)(void *), void *arg)
{
    pthread_t t;
    CHECK(pthread_create(&t, NULL, fn, arg) == 0);
    return t;
}

#endif
