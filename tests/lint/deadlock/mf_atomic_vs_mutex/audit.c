/*
 * audit.c -- part of deadlock/mf_atomic_vs_mutex (Atomic C; see main.c).
 * audit_note() takes `audit_lock` (called from inside an atomic block in
 * ledger.c).  audit_close() holds `audit_lock` and calls ledger_read()
 * (ledger.c), which enters an atomic block: the edge audit_lock -> atomic.
 */
#include <pthread.h>

long ledger_read(void);

static pthread_mutex_t audit_lock = PTHREAD_MUTEX_INITIALIZER;
static long audit_sum;
static long audit_snapshots;

void audit_note(long amount)
{
    pthread_mutex_lock(&audit_lock); // LINT: deadlock#1
    audit_sum += amount;
    pthread_mutex_unlock(&audit_lock);
}

long audit_close(void)
{
    long diff;
    pthread_mutex_lock(&audit_lock);
    diff = ledger_read() - audit_sum; // LINT: deadlock#1
    audit_snapshots++;
    pthread_mutex_unlock(&audit_lock);
    return diff;
}
