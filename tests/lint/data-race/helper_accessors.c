/*
 * helper_accessors.c -- pattern: "race through helper functions".
 *
 * The accesses are in small helpers, not in the thread functions: a
 * linter must follow the calls.  deposit() is always called with
 * `bank_lock` held (through locked_deposit()), but fee() calls
 * apply_fee(), which writes the same `acct->balance` field with no lock.
 * Both threads work on the same global `struct account main_acct`:
 * data-race#1 on `main_acct.balance` (the write in deposit() and the write
 * in apply_fee()).  `acct->owner` is only read: no race.
 */
#include <pthread.h>
#include <stdio.h>

struct account {
    const char *owner;
    long balance;
};

static pthread_mutex_t bank_lock = PTHREAD_MUTEX_INITIALIZER;
static struct account main_acct = { "ada", 1000 };

static void deposit(struct account *acct, long v)
{
    acct->balance += v; // LINT: data-race#1
}

static void locked_deposit(struct account *acct, long v)
{
    pthread_mutex_lock(&bank_lock);
    deposit(acct, v);
    pthread_mutex_unlock(&bank_lock);
}

static void apply_fee(struct account *acct)
{
    if (acct->owner[0] != 'x')
        acct->balance -= 1; // LINT: data-race#1
}

static void *payroll(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++)
        locked_deposit(&main_acct, 10);
    return NULL;
}

static void *fee(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++)
        apply_fee(&main_acct);
    return NULL;
}

int main(void)
{
    pthread_t p, f;
    pthread_create(&p, NULL, payroll, NULL);
    pthread_create(&f, NULL, fee, NULL);
    pthread_join(p, NULL);
    pthread_join(f, NULL);
    printf("%s %ld\n", main_acct.owner, main_acct.balance);
    return 0;
}
