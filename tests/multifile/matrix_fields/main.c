/*
 * matrix_fields - multi-dimensional arrays in structs and globals.
 *
 * Blocks update `p->held[1][j]++`, move units between the other rows,
 * do `m[2][3] += 7` through a `long (*m)[5]` pointing into the struct
 * (board.c's static object, reached via the_board()), and add to
 * grid[a][b][c] (grid.c) next to grid_add's own block.  Every update
 * commutes, so every final cell is exact; checker blocks require the
 * held total to equal the number of increments so far.
 */
// EXPECT: held[1]: 12500 12500 12500 12500 12500 12500 12500 12500
// EXPECT: held checksum: 13437187918
// EXPECT: held total: 100000
// EXPECT: m: 1400000 0 700000
// EXPECT: grid: 200000 66672 ok
// EXPECT: moves: 100000
// EXPECT: checks: ok
// LEGAL: global pervar stm

#include <pthread.h>
#include <stdio.h>
#include "board.h"

#define THREADS 4
#define ITERS   25000

static long incs, bad;
static const int rows[3] = { 0, 2, 3 };     /* row 1 only counts up */
static pthread_barrier_t gate;

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    struct board *p = the_board();
    pthread_barrier_wait(&gate);
    for (int i = 0; i < ITERS; i++) {
        int j = (i + id) % 8;
        atomic {
            p->held[1][j]++;
            incs++;
        }
        atomic {
            int b = (i * 5) % 8;
            p->held[rows[id % 3]][b] -= 1 + i % 3;
            p->held[rows[(id + 1) % 3]][(b + j) % 8] += 1 + i % 3;
            p->moves++;
        }
        atomic {
            long (*m)[5] = p->m;
            m[2][3] += 7;
            p->m[0][i % 5] += 14;
        }
        if (i % 2)
            grid_add(i % 3, id, i % 5, 2);
        else
            atomic { grid[i % 3][id][i % 5] += 2; }
        if (i % 100 == id) {
            atomic {
                if (held_total(p) != incs)
                    bad++;
            }
        }
    }
    return NULL;
}

int main(void)
{
    pthread_t t[THREADS];
    pthread_barrier_init(&gate, NULL, THREADS);
    for (long i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&gate);
    struct board *p = the_board();
    printf("held[1]:");
    for (int j = 0; j < 8; j++)
        printf(" %ld", p->held[1][j]);
    printf("\n");
    long others = 0;
    for (int k = 0; k < 3; k++)
        for (int j = 0; j < 8; j++)
            others += p->held[rows[k]][j] * p->held[rows[k]][j] * (k * 8 + j + 1);
    printf("held checksum: %ld\n", others);
    printf("held total: %ld\n", held_total(p));
    long m0 = 0;
    for (int k = 0; k < 5; k++)
        m0 += p->m[0][k];
    printf("m: %ld %ld %ld\n", m0, p->m[1][0], p->m[2][3]);
    long g = 0, g0 = 0;
    int even = 1;
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 4; b++)
            for (int c = 0; c < 5; c++) {
                g += grid[a][b][c];
                g0 += a == 0 ? grid[a][b][c] : 0;
                even &= grid[a][b][c] % 2 == 0;
            }
    printf("grid: %ld %ld %s\n", g, g0, even ? "ok" : "BROKEN");
    printf("moves: %d\n", p->moves);
    printf("checks: %s\n", bad ? "BROKEN" : "ok");
    return 0;
}
