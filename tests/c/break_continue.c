/* `break` and `continue` in atomic blocks.  In a block inside a loop they
 * leave the block, which commits, and then the loop (break) or go on with
 * its next iteration (continue); in a loop or switch inside the block they
 * stay in the block.  (One that is in no loop or switch at all is an error,
 * tests/test_bad_input.py.) */
// LEGAL: global pervar stm
// EXPECT: counter: 20000
// EXPECT: odd: 10000 even: 10000
// EXPECT: slots: 4 ids: 10
// EXPECT: kinds: 6
// EXPECT: drained: 20000
#include <pthread.h>
#include <stdio.h>

#define LIMIT 20000
#define THREADS 4
#define SLOTS 64

static long counter, odd, even;
static long slots[SLOTS];
static long kinds;
static long pending = LIMIT, drained;
static pthread_barrier_t gate;

static void *worker(void *arg)
{
    long id = (long)arg;
    pthread_barrier_wait(&gate);
    for (;;) {
        atomic {
            if (counter >= LIMIT)
                break;                  /* leaves the block (commits) and the loop */
            counter++;
            if (counter % 2) {
                odd++;
                continue;               /* leaves the block (commits), next iteration */
            }
            even++;
        }
    }
    atomic {
        for (int k = 0; k < SLOTS; k++) {   /* a loop inside the block: break stays in it */
            if (slots[k] == 0) {
                slots[k] = id;
                break;
            }
        }
        switch (id % 2) {                /* a switch inside the block */
        case 0:
            kinds += 2;
            break;
        default:
            kinds += 1;
            break;
        }
    }
    long mine = 0;
    do {
        atomic {
            if (pending == 0)
                break;
            int k = 0;
            while (k < 3) {             /* continue inside the block's own loop */
                k++;
                if (k < 3)
                    continue;
                pending--;
                drained++;
            }
            mine++;
        }
    } while (1);
    (void)mine;
    return NULL;
}

int main(void)
{
    pthread_t t[THREADS];
    pthread_barrier_init(&gate, NULL, THREADS);
    for (long i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)(i + 1));
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    long used = 0, ids = 0;
    for (int k = 0; k < SLOTS; k++) {
        used += slots[k] != 0;
        ids += slots[k];
    }
    printf("counter: %ld\n", counter);
    printf("odd: %ld even: %ld\n", odd, even);
    printf("slots: %ld ids: %ld\n", used, ids);
    printf("kinds: %ld\n", kinds);
    printf("drained: %ld\n", drained);
    return 0;
}
