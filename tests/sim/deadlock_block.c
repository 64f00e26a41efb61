/* An atomic block and a user mutex taken in opposite orders: t1 holds `m`
 * and enters a block; t2's block (lowered with the global lock, since it
 * calls pthread_mutex_lock) takes `m` inside.  atomicc warns about the
 * cycle; whether a run deadlocks depends on the schedule, so the simulator
 * must find a seed that deadlocks, and that seed must replay it. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static long x, y;

static long spin(int n)
{
    long acc = 0;
    for (int k = 0; k < n; k++)
        acc += k;
    return acc;
}

static void *t1(void *arg)
{
    long acc = 0;
    for (int i = 0; i < 40; i++) {
        pthread_mutex_lock(&m);
        acc += spin(50);
        atomic { x++; }
        pthread_mutex_unlock(&m);
        acc += spin(3000);
    }
    return (void *)acc;
}

static void *t2(void *arg)
{
    long acc = spin(1000);
    for (int i = 0; i < 40; i++) {
        atomic {
            y++;
            pthread_mutex_lock(&m);
            x += 2;
            pthread_mutex_unlock(&m);
        }
        acc += spin(3100);
    }
    return (void *)acc;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, t1, NULL);
    pthread_create(&b, NULL, t2, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("x=%ld y=%ld\n", x, y);
    return 0;
}
