/* keys.c - the orders a set can be kept in */
#include "set.h"

int by_value(long a, long b)
{
    return (a > b) - (a < b);
}

int by_reverse(long a, long b)
{
    return by_value(b, a);
}
