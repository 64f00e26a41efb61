/* accounts.c - the accounts array and its accessor */
#include "accounts.h"

struct acct accounts[NACCT];

struct acct *get_account(int i)
{
    return &accounts[i % NACCT];
}

void accounts_init(void)
{
    for (int i = 0; i < NACCT; i++) {
        accounts[i].balance = INITIAL;
        accounts[i].ops = 0;
    }
}
