/*
 * main.c -- clean/irr_mf_helper, Atomic C, a two-file program (main.c,
 * score.c); near miss of irrevocable-in-atomic/mf_logging; pattern:
 * "helpers from another file whose bodies are in the program".
 *
 * The block calls clamp_score() and bonus_for(), defined in score.c: they
 * are not unknown externals and do no I/O.  log_line() (fprintf) is
 * called after the block.
 * No finding.
// NEAR-MISS: irrevocable-in-atomic
// LINT-CLEAN
 */
#include <pthread.h>

long clamp_score(long v);
long bonus_for(long streak);
void log_line(long v);

static long score, streak;

static void *player(void *arg)
{
    long delta = (long)arg;
    for (int i = 0; i < 10; i++) {
        long now;
        atomic {
            streak++;
            score = clamp_score(score + delta + bonus_for(streak));
            now = score;
        }
        log_line(now);
    }
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, player, (void *)3L);
    pthread_create(&b, NULL, player, (void *)-2L);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    log_line(score);
    return 0;
}
