/* An atomic block written inside a macro: the emitter cannot edit the
 * original text there, so it lowers the preprocessed unit instead. */
// LEGAL: global pervar stm atomic-op
// EXPECT: total: 40000
#include <pthread.h>
#include <stdio.h>

#define LOCKED(stmt) atomic { stmt; }
static long total;

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10000; i++)
        LOCKED(total += 1)
    return NULL;
}

int main(void)
{
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("total: %ld\n", total);
    return 0;
}
