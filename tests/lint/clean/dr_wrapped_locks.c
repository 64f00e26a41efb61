/*
 * dr_wrapped_locks.c -- near miss of data-race/helper_accessors.c,
 * lock-leak and unlock-not-held; pattern: "lock wrappers acquire(&l) /
 * release(&l)".
 *
 * acquire() always returns with its argument locked and release() always
 * unlocks its argument: they are lock wrappers, not leaks, and every call
 * of release() is on a path that holds the lock (the wrapper is
 * interprocedurally balanced).  Every access to `main_acct.balance`
 * happens between acquire(&bank_lock) and release(&bank_lock), directly or
 * in helpers called there.
 * No finding.
// NEAR-MISS: data-race lock-leak unlock-not-held
// LINT-CLEAN
 */
#include <pthread.h>
#include <stdio.h>

struct account {
    const char *owner;
    long balance;
};

static pthread_mutex_t bank_lock = PTHREAD_MUTEX_INITIALIZER;
static struct account main_acct = { "ada", 1000 };

static void acquire(pthread_mutex_t *l)
{
    pthread_mutex_lock(l);
}

static void release(pthread_mutex_t *l)
{
    pthread_mutex_unlock(l);
}

static void deposit(struct account *acct, long v)
{
    acct->balance += v;
}

static void apply_fee(struct account *acct)
{
    if (acct->owner[0] != 'x')
        acct->balance -= 1;
}

static void *payroll(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        acquire(&bank_lock);
        deposit(&main_acct, 10);
        release(&bank_lock);
    }
    return NULL;
}

static void *fee(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        acquire(&bank_lock);
        apply_fee(&main_acct);
        release(&bank_lock);
    }
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
