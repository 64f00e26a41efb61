/*
 * philosophers.c - the dining philosophers without deadlock (Atomic C).
 *
 * NPHIL philosophers sit at a round table with one fork between each
 * pair of neighbours.  Picking up both forks is a single atomic block
 * that executes `retry` while either fork is in use, so a philosopher
 * never holds one fork while waiting for the other: no deadlock, no
 * lock ordering to get wrong.  Inside the same block the philosopher
 * checks that neither neighbour is eating.  Each philosopher eats a
 * fixed number of meals; the totals are invariants of the run.
 *
 * Usage: philosophers [meals-per-philosopher]   (default 10000)
 */
// LEGAL: global pervar stm
// EXPECT: philosophers: 5
// EXPECT: meals eaten: 50000
// EXPECT: fork uses: 100000
// EXPECT: violations: 0

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#define NPHIL         5
#define DEFAULT_MEALS 10000
#define NOBODY        (-1)
#define LEFT(i)       (i)
#define RIGHT(i)      (((i) + 1) % NPHIL)
#define NEIGHBOUR_L(i) (((i) + NPHIL - 1) % NPHIL)
#define NEIGHBOUR_R(i) (((i) + 1) % NPHIL)

typedef struct fork {
    int holder;                 /* philosopher id or NOBODY */
    unsigned long uses;
} fork_t;

typedef struct philosopher {
    int id;
    long meals_wanted;
    long meals_eaten;           /* private */
    unsigned long crumbs;       /* private busy work while eating */
} philosopher_t;

static fork_t forks[NPHIL];
static bool eating[NPHIL];
static unsigned long violations;

static bool fork_free(const fork_t *f) { return f->holder == NOBODY; }

static void take(fork_t *f, int who)
{
    f->holder = who;
    f->uses++;
}

static void put_back(fork_t *f, int who)
{
    if (f->holder != who)
        violations++;
    f->holder = NOBODY;
}

static void pick_up_forks(int i)
{
    atomic {
        if (!fork_free(&forks[LEFT(i)]) || !fork_free(&forks[RIGHT(i)]))
            retry;
        take(&forks[LEFT(i)], i);
        take(&forks[RIGHT(i)], i);
        if (eating[NEIGHBOUR_L(i)] || eating[NEIGHBOUR_R(i)])
            violations++;
        eating[i] = true;
    }
}

static void put_down_forks(int i)
{
    atomic {
        eating[i] = false;
        put_back(&forks[LEFT(i)], i);
        put_back(&forks[RIGHT(i)], i);
    }
}

static void *dine(void *arg)
{
    philosopher_t *p = arg;
    while (p->meals_eaten < p->meals_wanted) {
        pick_up_forks(p->id);
        for (int bite = 0; bite < 16; bite++)       /* eat */
            p->crumbs += (unsigned long)(bite ^ p->id);
        p->meals_eaten++;
        put_down_forks(p->id);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    long meals = argc > 1 ? atol(argv[1]) : DEFAULT_MEALS;
    philosopher_t phil[NPHIL];
    pthread_t tid[NPHIL];

    for (int i = 0; i < NPHIL; i++)
        forks[i] = (fork_t){ .holder = NOBODY, .uses = 0 };
    for (int i = 0; i < NPHIL; i++) {
        phil[i] = (philosopher_t){ .id = i, .meals_wanted = meals };
        pthread_create(&tid[i], NULL, dine, &phil[i]);
    }

    long eaten = 0;
    for (int i = 0; i < NPHIL; i++) {
        pthread_join(tid[i], NULL);
        eaten += phil[i].meals_eaten;
    }
    unsigned long uses = 0;
    for (int i = 0; i < NPHIL; i++) {
        uses += forks[i].uses;
        if (!fork_free(&forks[i]) || eating[i])
            violations++;
    }

    printf("philosophers: %d\n", NPHIL);
    printf("meals eaten: %ld\n", eaten);
    printf("fork uses: %lu\n", uses);
    printf("violations: %lu\n", violations);
    if (violations != 0 || uses != 2 * (unsigned long)eaten) {
        printf("FAIL: forks shared or lost\n");
        return 1;
    }
    return 0;
}
