/* labyrinth - maze routing (after STAMP's labyrinth, written from scratch
 * for atomicc).
 *
 * A 3-D grid (128 x 128 x 4, 5 % walls) and random source/destination pairs.
 * Threads (router.c) take pairs from a shared cursor, route each on a
 * private snapshot of the grid (breadth-first search), and commit the path
 * in an atomic block only if all its cells are still free, else route
 * again.  Checks: every routed path runs from its source to its
 * destination through adjacent cells that hold its id, the paths are
 * disjoint (no cell is held by anyone else), and routed + unroutable pairs
 * make up all pairs.
 *
 *   labyrinth [-t THREADS] [-n PAIRS] [-s SEED]
 */
#include "../common/apputil.h"
#include "router.h"

#define DEFAULT_PAIRS 160
#define WIDTH 128
#define HEIGHT 128
#define DEPTH 4
#define PCT_WALLS 5

int main(int argc, char **argv)
{
    app_opts_t o = app_parse(argc, argv, "pairs to route (default 160)");
    int npairs = (int)(o.size ? o.size : DEFAULT_PAIRS);
    static maze_t maze;
    maze_generate(&maze, WIDTH, HEIGHT, DEPTH, npairs, PCT_WALLS, o.seed);
    static router_job_t job;
    job.maze = &maze;
    job.next_pair = 0;

    router_worker_t *w = app_xmalloc(sizeof(router_worker_t) * (size_t)o.threads);
    for (int i = 0; i < o.threads; i++) {
        memset(&w[i], 0, sizeof w[i]);
        w[i].job = &job;
        w[i].id = i;
    }
    printf("labyrinth: %d threads, %d x %d x %d grid, %d pairs\n", o.threads, WIDTH, HEIGHT, DEPTH, maze.npairs);
    double secs = app_run_threads(o.threads, router_run, w, sizeof(router_worker_t));

    app_checks_t chk = { 0, "" };
    long routed = 0, failed = 0, conflicts = 0;
    for (int i = 0; i < o.threads; i++) {
        routed += w[i].routed;
        failed += w[i].failed;
        conflicts += w[i].conflicts;
    }
    maze_report_t r;
    maze_check(&maze, &r);
    app_check(&chk, r.routed == routed && r.unrouted == failed && routed + failed == maze.npairs, "all pairs handled",
              "%ld routed, %ld unroutable, %ld re-routed after a conflict", routed, failed, conflicts);
    app_check(&chk, r.bad_paths == 0, "paths connected", "%ld bad paths, %ld cells", r.bad_paths, r.path_cells);
    app_check(&chk, r.stray_cells == 0, "paths disjoint", "%ld cells unaccounted for", r.stray_cells);
    free(w);
    maze_free(&maze);
    return app_finish(&chk, secs);
}
