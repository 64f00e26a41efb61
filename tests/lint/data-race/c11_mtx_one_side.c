/*
 * c11_mtx_one_side.c -- pattern: "C11 <threads.h> mutex, one side
 * unlocked".
 *
 * Two C11 threads (thrd_create/thrd_join) update `score`.  `player` takes
 * `score_mtx` with mtx_lock; `bonus` adds to `score` without the mutex:
 * data-race#1.  `rounds` is only updated under `score_mtx`: no race.
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
        score += 3; // LINT: data-race#1
        rounds++;
        mtx_unlock(&score_mtx);
    }
    return 0;
}

static int bonus(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10; i++)
        score += 100; // LINT: data-race#1
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
