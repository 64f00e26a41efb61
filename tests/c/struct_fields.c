/* Two fields of one struct, each updated by its own blocks and nothing
 * touching the struct as a whole: the fields are different locations, so
 * each field's blocks are a conflict component of their own and every block
 * is one atomic instruction under atomic-op (before, the struct was one
 * location and atomic-op was refused: two update kinds on two fields). */
// LEGAL: global pervar stm atomic-op
// EXPECT: hits: 40000 misses: -40000 bytes: 120000
#include <pthread.h>
#include <stdio.h>

struct stats {
    long hits;
    long misses;
    long bytes;
};
static struct stats st;
static pthread_barrier_t gate;

static void add_bytes(struct stats *s, long n)
{
    atomic { s->bytes += n; }
}

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&gate);
    for (int i = 0; i < 10000; i++) {
        atomic { st.hits++; }
        atomic { st.misses -= 1; }
        add_bytes(&st, 3);
    }
    return NULL;
}

int main(void)
{
    pthread_t t[4];
    pthread_barrier_init(&gate, NULL, 4);
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("hits: %ld misses: %ld bytes: %ld\n", st.hits, st.misses, st.bytes);
    return 0;
}
