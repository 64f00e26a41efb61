/* A retry in a function called from inside another atomic block restarts the
 * OUTERMOST block (dynamic nesting): the caller's stores are undone too. */
// LEGAL: global pervar stm
// EXPECT: taken: 4000
// EXPECT: outer runs undone: ok
#include <pthread.h>
#include <stdio.h>

#define NCONSUMERS 4
#define PER 1000
static int stock;
static long taken;
static long outer_marks;

static int take_one(void)
{
    int got;
    atomic {                      /* joins the caller's block */
        if (stock == 0)
            retry;                /* restarts the caller's outermost block */
        stock--;
        got = 1;
    }
    return got;
}

static void *consumer(void *arg)
{
    (void)arg;
    for (int i = 0; i < PER; i++) {
        atomic {
            outer_marks++;        /* undone whenever take_one retries */
            taken += take_one();
            outer_marks--;
        }
    }
    return NULL;
}

static void *producer(void *arg)
{
    (void)arg;
    for (int i = 0; i < NCONSUMERS * PER; i++) {
        atomic {
            if (stock >= 8)
                retry;
            stock++;
        }
    }
    return NULL;
}

int main(void)
{
    pthread_t c[NCONSUMERS], p;
    for (int i = 0; i < NCONSUMERS; i++)
        pthread_create(&c[i], NULL, consumer, NULL);
    pthread_create(&p, NULL, producer, NULL);
    for (int i = 0; i < NCONSUMERS; i++)
        pthread_join(c[i], NULL);
    pthread_join(p, NULL);
    printf("taken: %ld\n", taken);
    printf("outer runs undone: %s\n", outer_marks == 0 && stock == 0 ? "ok" : "FAIL");
    return taken == NCONSUMERS * PER && outer_marks == 0 ? 0 : 1;
}
