/*
 * write_in_nested_block.c -- Atomic C; pattern: "system call in a nested
 * atomic block" (nested blocks join the outer one).
 *
 * The inner block calls write(2) on a pipe-like descriptor (standard
 * output): irrevocable-in-atomic#1.  A second, separate block calls
 * fwrite: irrevocable-in-atomic#2.  The write() after the blocks is not a
 * finding.
 */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static int state;
static char last[4];

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 5; i++) {
        atomic {
            state++;
            atomic {
                last[0] = (char)('0' + state % 10);
                last[1] = '\n';
                (void)!write(1, last, 2); // LINT: irrevocable-in-atomic#1
            }
        }
        atomic {
            fwrite("tick\n", 1, 5, stdout); // LINT: irrevocable-in-atomic#2
            state--;
        }
    }
    (void)!write(1, "bye\n", 4);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, worker, NULL);
    pthread_create(&b, NULL, worker, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    return state;
}
