/*
 * atomic_block_vs_mutex.c -- Atomic C; pattern: "atomic block against a
 * mutex" (atomic blocks and mutexes do not exclude each other).
 *
 * The stocker thread updates `stock` inside an atomic block.  The seller
 * thread updates `stock` while holding `shop_lock`, outside any atomic
 * block.  The mutex does not exclude the atomic block, so the two
 * read-modify-writes race: data-race#1.  `sold` is only updated under
 * `shop_lock` by the seller (and read by main after the joins): no race.
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t shop_lock = PTHREAD_MUTEX_INITIALIZER;
static int stock = 10;
static int sold;

static void *stocker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        atomic {
            stock += 2; // LINT: data-race#1
        }
    }
    return NULL;
}

static void *seller(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&shop_lock);
        if (stock > 0) { // LINT: data-race#1
            stock--; // LINT: data-race#1
            sold++;
        }
        pthread_mutex_unlock(&shop_lock);
    }
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, stocker, NULL);
    pthread_create(&b, NULL, seller, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%d %d\n", stock, sold);
    return 0;
}
