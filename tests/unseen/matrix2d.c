/*
 * matrix2d.c - 2-D shared arrays in atomic blocks.
 *
 * An 8x8 matrix whose every row and every column sum to a constant.
 * A move adds d to m[i][j] and m[k][l] and subtracts it from m[i][l] and
 * m[k][j] (rows and columns stay balanced).  Rows are also reached
 * through a pointer to a row (`long (*row)[N] = &m[i]`) and an element
 * pointer from row decay (`long *p = m[k]`).  An auditor checks every
 * row and column sum in one block.
 */
// LEGAL: global pervar stm
// REFUSED: atomic-op at 46:9: it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar
// EXPECT: moves: 40000
// EXPECT: rows: balanced
// EXPECT: columns: balanced
// EXPECT: audits: ok

#include <pthread.h>
#include <stdio.h>

#define N 8
static long m[N][N];
static long moves, bad_audits;

static int balanced(long (*a)[N])
{
    for (int i = 0; i < N; i++) {
        long r = 0, c = 0;
        for (int j = 0; j < N; j++) {
            r += a[i][j];
            c += a[j][i];
        }
        if (r != 800 || c != 800)
            return 0;
    }
    return 1;
}

static void *worker(void *arg)
{
    unsigned s = 7u + (unsigned)(long)arg * 31u;
    for (int n = 0; n < 10000; n++) {
        s = s * 1664525u + 1013904223u;
        int i = (int)(s >> 28) % N, j = (int)(s >> 24) % N, k = (int)(s >> 20) % N, l = (int)(s >> 16) % N;
        long d = 1 + (long)((s >> 8) % 5);
        atomic {
            long (*row)[N] = &m[i];
            long *p = m[k];
            if (m[i][l] >= d && p[j] >= d) {
                (*row)[j] += d;
                p[l] += d;
                row[0][l] -= d;
                *(*(m + k) + j) -= d;
            }
            moves++;
        }
        if (n % 128 == 0) {
            int ok;
            atomic { ok = balanced(m); }
            if (!ok)
                atomic { bad_audits++; }
        }
    }
    return NULL;
}

int main(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            m[i][j] = 100;
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    int rows = 1, cols = 1, neg = 0;
    for (int i = 0; i < N; i++) {
        long r = 0, c = 0;
        for (int j = 0; j < N; j++) {
            r += m[i][j];
            c += m[j][i];
            neg |= m[i][j] < 0;
        }
        rows &= r == 800;
        cols &= c == 800;
    }
    printf("moves: %ld\n", moves);
    printf("rows: %s\n", rows && !neg ? "balanced" : "UNBALANCED");
    printf("columns: %s\n", cols ? "balanced" : "UNBALANCED");
    printf("audits: %s\n", bad_audits ? "BAD" : "ok");
    return 0;
}
