/*
 * unknown_extern.c -- Atomic C; pattern: "call to an external function
 * with no body in the program".
 *
 * telemetry_send() is declared but defined in no file of the program (it
 * would come from some library at link time): its effects are unknown and
 * cannot be undone, so calling it inside the atomic block is
 * irrevocable-in-atomic#1.  The call of checksum(), whose body is in this
 * file, is not a finding.  (The program is analysed, not linked.)
 */
#include <pthread.h>

void telemetry_send(long value);

static long counter;

static long checksum(long v)
{
    return (v * 31) ^ (v >> 3);
}

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10; i++) {
        atomic {
            counter = checksum(counter + i);
            telemetry_send(counter); // LINT: irrevocable-in-atomic#1
        }
    }
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, worker, NULL);
    pthread_create(&b, NULL, worker, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    return (int)(counter & 1);
}
