/* __thread variables are private per fiber (each fiber has its own copy of
 * the executable's TLS block, starting from the initial image), and errno
 * is saved and restored per fiber. */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include "sim_test.h"

#define NT 6
static __thread long tl_counter;
static __thread int tl_init = 42;
static __thread char tl_buf[100];
static long results[NT];

static void *worker(void *a)
{
    long id = (long)a;
    CHECK(tl_init == 42 && tl_counter == 0 && tl_buf[99] == 0);
    tl_init = (int)id;
    for (long i = 0; i < 1000 * (id + 1); i++) {
        tl_counter++;
        tl_buf[i % 100] = (char)id;
        atomicc__sim_work(3);
        if (i % 7 == 0)
            (void)LD(results[0]); /* a hook: other fibers run here */
        if (i % 97 == 0) {
            errno = (int)id + 100;
            sched_yield();
            CHECK(errno == (int)id + 100);
        }
    }
    CHECK(tl_init == (int)id);
    for (int i = 0; i < 100; i++)
        CHECK(tl_buf[i] == (char)id);
    ST(results[id], tl_counter);
    return NULL;
}

int main(void)
{
    pthread_t t[NT];
    tl_counter = 7;
    for (long i = 0; i < NT; i++)
        CHECK(pthread_create(&t[i], NULL, worker, (void *)i) == 0);
    for (int i = 0; i < NT; i++)
        pthread_join(t[i], NULL);
    for (long i = 0; i < NT; i++)
        CHECK(results[i] == 1000 * (i + 1));
    CHECK(tl_counter == 7 && tl_init == 42);
    puts("ok");
    return 0;
}
