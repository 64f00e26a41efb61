/*
 * ledger.c -- part of deadlock/mf_atomic_vs_mutex (Atomic C; see main.c).
 * post() runs an atomic block that calls audit_note() (audit.c), which
 * takes `audit_lock`: the edge atomic -> audit_lock of deadlock#1.
 * ledger_read()'s block is entered with audit_lock held by audit_close():
 * the inner acquisition of the edge audit_lock -> atomic.
 */
void audit_note(long amount);

long ledger_total;

void post(long amount)
{
    atomic {
        ledger_total += amount;
        audit_note(amount); // LINT: deadlock#1
    }
}

long ledger_read(void)
{
    long v;
    atomic { // LINT: deadlock#1
        v = ledger_total;
    }
    return v;
}
