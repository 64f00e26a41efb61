/*
 * main.c -- deadlock/mf_atomic_vs_mutex, Atomic C, a three-file program
 * (main.c, ledger.c, audit.c); pattern: "atomic block and mutex in both
 * orders, across files".
 *
 * The poster thread: atomic block (ledger.c) -> audit_note() -> lock
 * audit_lock (audit.c): edge atomic -> audit_lock.  The auditor thread:
 * lock audit_lock (audit.c) -> ledger_read() -> atomic block (ledger.c):
 * edge audit_lock -> atomic.  The threads overlap: deadlock#1.  Tagged:
 * the call of audit_note() inside the block and its lock call, the call
 * of ledger_read() under audit_lock and the `atomic {` line of
 * ledger_read().  No data race (ledger_total only in blocks; audit data
 * only under audit_lock), no irrevocable call (every callee in a block
 * has a body in the program, or is pthread_mutex_lock/unlock).
 */
#include <pthread.h>
#include <stdio.h>

void post(long amount);
long audit_close(void);

static void *poster(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++)
        post(i);
    return NULL;
}

static void *auditor(void *arg)
{
    long worst = 0;
    (void)arg;
    for (int i = 0; i < 10; i++) {
        long d = audit_close();
        if (d > worst)
            worst = d;
    }
    return (void *)worst;
}

int main(void)
{
    pthread_t p, a;
    pthread_create(&p, NULL, poster, NULL);
    pthread_create(&a, NULL, auditor, NULL);
    pthread_join(p, NULL);
    pthread_join(a, NULL);
    puts("done");
    return 0;
}
