/* fees.c - the fee pots: an array other files see as `extern long fees[]` */
#include "accounts.h"

long fees[8];

long *fee_slot(int i)
{
    return &fees[i % 8];
}
