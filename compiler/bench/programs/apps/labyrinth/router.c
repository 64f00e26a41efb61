/* router.c - Lee routing: a thread takes the next pair, snapshots the
 * shared grid into its private copy (atomic block), finds a shortest path
 * by breadth-first search on the copy, and commits it in a second atomic
 * block only if every cell of the path is still free; if another thread
 * took one of them meanwhile it routes again (at most MAX_ATTEMPTS). */
#include <stdlib.h>
#include "router.h"
#include "lib/vector.h"

/* Shortest path from p->src to p->dst through free cells of g that are not
 * another pair's end; into path (src first).  0 if there is none. */
static int route(const grid_t *g, const int *endpoint, const pair_t *p, int *dist, vector_t *frontier,
                 vector_t *path)
{
    for (long i = 0; i < g->ncells; i++)
        dist[i] = -1;
    vector_clear(frontier);
    vector_clear(path);
    dist[p->src] = 0;
    vector_push(frontier, p->src);
    long nb[6];
    int found = 0;
    for (long head = 0; head < frontier->size && !found; head++) {
        long c = frontier->items[head];
        int n = grid_neighbours(g, c, nb);
        for (int k = 0; k < n; k++) {
            long x = nb[k];
            if (dist[x] >= 0 || g->cells[x] != GRID_FREE || (endpoint[x] && endpoint[x] != p->id))
                continue;
            dist[x] = dist[c] + 1;
            if (x == p->dst) {
                found = 1;
                break;
            }
            vector_push(frontier, x);
        }
    }
    if (!found)
        return 0;
    long cur = p->dst;
    vector_push(path, cur);
    while (cur != p->src) {
        int n = grid_neighbours(g, cur, nb), k;
        for (k = 0; k < n; k++)
            if (dist[nb[k]] == dist[cur] - 1)
                break;
        if (k == n)
            return 0;   /* cannot happen */
        cur = nb[k];
        vector_push(path, cur);
    }
    vector_reverse(path);
    return 1;
}

void *router_run(void *arg)
{
    router_worker_t *w = arg;
    router_job_t *job = w->job;
    maze_t *m = job->maze;
    grid_t *shared = m->grid;
    grid_t *local = grid_new(shared->width, shared->height, shared->depth);
    int *dist = malloc(sizeof(int) * (size_t)shared->ncells);
    vector_t frontier, path;
    if (!dist)
        abort();
    vector_init(&frontier, 1024);
    vector_init(&path, 256);
    for (int taken = 0; taken < m->npairs; taken++) {
        long i;
        atomic {
            i = job->next_pair;
            if (i < m->npairs)
                job->next_pair = i + 1;
        }
        if (i >= m->npairs)
            break;
        pair_t *p = &m->pairs[i];
        int committed = 0, attempt;
        for (attempt = 0; attempt < MAX_ATTEMPTS && !committed; attempt++) {
            atomic {
                grid_copy(local, shared);
            }
            if (!route(local, m->endpoint, p, dist, &frontier, &path))
                break;
            atomic {
                committed = grid_path_is_free(shared, path.items, path.size);
                if (committed)
                    grid_claim(shared, path.items, path.size, p->id);
            }
            if (!committed)
                w->conflicts++;
        }
        if (committed) {
            p->path = vector_copy_items(&path);     /* the pair is this thread's alone */
            p->len = path.size;
            w->routed++;
        } else {
            w->failed++;
        }
    }
    vector_free(&frontier);
    vector_free(&path);
    free(dist);
    grid_free(local);
    return NULL;
}
