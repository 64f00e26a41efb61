/* accounts.h - the bank's accounts live in accounts.c */
#ifndef ACCOUNTS_H
#define ACCOUNTS_H

#define NACCT   128
#define INITIAL 1000

struct acct {
    long balance;
    long ops;
};

extern struct acct accounts[NACCT];
extern long fees[];                      /* fees.c: one slot per account, size unknown here */

struct acct *get_account(int i);         /* &accounts[i] */
long *fee_slot(int i);                   /* &fees[i % 8] */
void accounts_init(void);
long audit(void);                        /* audit.c: balances + fees, in one block */

#endif
