/* audit.c - the auditor's view: everything summed inside one block */
#include "accounts.h"

long audit(void)
{
    long total = 0;
    atomic {
        for (int i = 0; i < NACCT; i++)
            total += get_account(i)->balance;
        for (int i = 0; i < 8; i++)
            total += fees[i];
    }
    return total;
}
