/*
 * ops.c - `magnitude` points at whatever dlsym() returns for "labs": no
 * analysis of this program can know the target, so a block that calls
 * it cannot have its locations inferred or be rolled back.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include "ops.h"

long (*magnitude)(long);
long total, calls;

static long my_labs(long v)
{
    return v < 0 ? -v : v;
}

void ops_init(void)
{
    void *f = dlsym(RTLD_DEFAULT, "labs");
    magnitude = f ? (long (*)(long))f : my_labs;
}

void account(long v)
{
    atomic {
        total += magnitude(v);
        calls++;
    }
}
