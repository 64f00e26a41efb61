/*
 * three_lock_cycle.c -- pattern: "3-lock cycle through helper functions".
 *
 * Three stages, each holding its own lock while it hands work to the next
 * stage's helper, which takes the next lock:
 *   stage_parse holds parse_lock and calls to_plan()     (parse -> plan)
 *   stage_plan  holds plan_lock  and calls to_exec()     (plan  -> exec)
 *   stage_exec  holds exec_lock  and calls to_parse()    (exec  -> parse)
 * No pair of locks is taken in both orders, but the three edges form a
 * cycle, and the three threads overlap: deadlock#1.  Tagged: each helper's
 * inner lock call and each call line made while the outer lock is held.
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t parse_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t plan_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t exec_lock = PTHREAD_MUTEX_INITIALIZER;
static int parsed, planned, executed;

static void to_plan(void)
{
    pthread_mutex_lock(&plan_lock); // LINT: deadlock#1
    planned++;
    pthread_mutex_unlock(&plan_lock);
}

static void to_exec(void)
{
    pthread_mutex_lock(&exec_lock); // LINT: deadlock#1
    executed++;
    pthread_mutex_unlock(&exec_lock);
}

static void to_parse(void)
{
    pthread_mutex_lock(&parse_lock); // LINT: deadlock#1
    parsed++;
    pthread_mutex_unlock(&parse_lock);
}

static void *stage_parse(void *arg)
{
    (void)arg;
    for (int i = 0; i < 50; i++) {
        pthread_mutex_lock(&parse_lock);
        parsed++;
        to_plan(); // LINT: deadlock#1
        pthread_mutex_unlock(&parse_lock);
    }
    return NULL;
}

static void *stage_plan(void *arg)
{
    (void)arg;
    for (int i = 0; i < 50; i++) {
        pthread_mutex_lock(&plan_lock);
        planned++;
        to_exec(); // LINT: deadlock#1
        pthread_mutex_unlock(&plan_lock);
    }
    return NULL;
}

static void *stage_exec(void *arg)
{
    (void)arg;
    for (int i = 0; i < 50; i++) {
        pthread_mutex_lock(&exec_lock);
        executed++;
        to_parse(); // LINT: deadlock#1
        pthread_mutex_unlock(&exec_lock);
    }
    return NULL;
}

int main(void)
{
    pthread_t a, b, c;
    pthread_create(&a, NULL, stage_parse, NULL);
    pthread_create(&b, NULL, stage_plan, NULL);
    pthread_create(&c, NULL, stage_exec, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    pthread_join(c, NULL);
    printf("%d %d %d\n", parsed, planned, executed);
    return 0;
}
