/* hashfn.c - two hash functions; tables pick one at init */
#include "hash.h"

unsigned long hash_mul(long key)
{
    return (unsigned long)key * 2654435761UL;
}

unsigned long hash_mix(long key)
{
    unsigned long h = (unsigned long)key;
    h ^= h >> 7;
    h *= 0x9e3779b97f4a7c15UL;
    return h ^ (h >> 29);
}
