/*
 * main.c -- irrevocable-in-atomic/mf_logging, Atomic C, a two-file
 * program (main.c, log.c); pattern: "I/O in another file reached from a
 * block".
 *
 * reserve() calls log_event() (log.c, which calls fprintf) inside its
 * atomic block: irrevocable-in-atomic#1, tagged at the call here and at
 * the fprintf in log.c.  The block in cancel() calls audit_hook(),
 * declared here but defined in no file of the program (an unknown
 * external): irrevocable-in-atomic#2.  The log_event() call in main,
 * outside every block, is not a finding.
 */
#include <pthread.h>

void log_event(const char *what, long v);
void audit_hook(long v);

static long seats = 20, taken;

static void reserve(long n)
{
    atomic {
        if (seats >= n) {
            seats -= n;
            taken += n;
            log_event("reserved", n); // LINT: irrevocable-in-atomic#1
        }
    }
}

static void cancel(long n)
{
    atomic {
        if (taken >= n) {
            taken -= n;
            seats += n;
            audit_hook(n); // LINT: irrevocable-in-atomic#2
        }
    }
}

static void *client(void *arg)
{
    long n = (long)arg;
    for (int i = 0; i < 5; i++) {
        reserve(n);
        cancel(n);
    }
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, client, (void *)2L);
    pthread_create(&b, NULL, client, (void *)3L);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    log_event("left", seats);
    return 0;
}
