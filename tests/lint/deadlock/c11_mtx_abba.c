/*
 * c11_mtx_abba.c -- pattern: "ABBA with C11 <threads.h> mutexes".
 *
 * `producer` holds `buf_mtx` and takes `meta_mtx`; `compactor` holds
 * `meta_mtx` and takes `buf_mtx`.  Both are C11 threads created before
 * either is joined: deadlock#1.
 */
#include <stdio.h>
#include <threads.h>

static mtx_t buf_mtx, meta_mtx;
static int buf_used, meta_gen;

static int producer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        mtx_lock(&buf_mtx);
        buf_used++;
        mtx_lock(&meta_mtx); // LINT: deadlock#1
        meta_gen++;
        mtx_unlock(&meta_mtx);
        mtx_unlock(&buf_mtx);
    }
    return 0;
}

static int compactor(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        mtx_lock(&meta_mtx);
        meta_gen++;
        mtx_lock(&buf_mtx); // LINT: deadlock#1
        buf_used = 0;
        mtx_unlock(&buf_mtx);
        mtx_unlock(&meta_mtx);
    }
    return 0;
}

int main(void)
{
    thrd_t p, c;
    mtx_init(&buf_mtx, mtx_plain);
    mtx_init(&meta_mtx, mtx_plain);
    thrd_create(&p, producer, NULL);
    thrd_create(&c, compactor, NULL);
    thrd_join(p, NULL);
    thrd_join(c, NULL);
    printf("%d %d\n", buf_used, meta_gen);
    return 0;
}
