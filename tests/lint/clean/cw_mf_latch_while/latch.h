/* latch.h -- a count-down latch (clean/cw_mf_latch_while). */
#ifndef LATCH_H
#define LATCH_H
#include <pthread.h>
struct latch {
    pthread_mutex_t m;
    pthread_cond_t zero;
    int remaining;
};
void latch_init(struct latch *l, int n);
void latch_count_down(struct latch *l);
void latch_await(struct latch *l);
#endif
