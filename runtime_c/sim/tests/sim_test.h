/* sim_test.h - helpers of the simulator's tests: shared loads and stores go
 * through the hooks by hand (the compiler will emit them in real programs). */
#ifndef SIM_TEST_H
#define SIM_TEST_H
#include <stdio.h>
#include <stdlib.h>

#define LD(x) (*(__typeof__(x) *)atomicc__sim_r(&(x), sizeof(x)))
#define ST(x, v) (*(__typeof__(x) *)atomicc__sim_w(&(x), sizeof(x)) = (v))

#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);  \
            exit(1);                                                                   \
        }                                                                              \
    } while (0)

#endif
