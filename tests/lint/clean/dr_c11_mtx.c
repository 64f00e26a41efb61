/*
 * dr_c11_mtx.c -- near miss of data-race/c11_mtx_one_side.c; pattern:
 * "C11 <threads.h> mutex on both sides".
 *
 * Both C11 threads take `score_mtx` (mtx_lock/mtx_unlock) around every
 * update of `score` and `rounds`; main reads after thrd_join.
 * No finding.
// NEAR-MISS: data-race
// LINT-CLEAN
 */
#include <stdio.h>
#include <threads.h>

static mtx_t score_mtx;
static int score;
static int rounds;

static int player(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        mtx_lock(&score_mtx);
        score += 3;
        rounds++;
        mtx_unlock(&score_mtx);
    }
    return 0;
}

static int bonus(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10; i++) {
        mtx_lock(&score_mtx);
        score += 100;
        mtx_unlock(&score_mtx);
    }
    return 0;
}

int main(void)
{
    thrd_t p, b;
    mtx_init(&score_mtx, mtx_plain);
    thrd_create(&p, player, NULL);
    thrd_create(&b, bonus, NULL);
    thrd_join(p, NULL);
    thrd_join(b, NULL);
    printf("%d %d\n", score, rounds);
    mtx_destroy(&score_mtx);
    return 0;
}
