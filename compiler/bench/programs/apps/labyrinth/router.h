/* router.h - labyrinth's routing threads. */
#ifndef LABYRINTH_ROUTER_H
#define LABYRINTH_ROUTER_H

#include "maze.h"

#define MAX_ATTEMPTS 16     /* routings of one pair before it is given up */

typedef struct router_job {
    maze_t *maze;
    long next_pair;         /* shared work cursor */
} router_job_t;

typedef struct router_worker {
    router_job_t *job;
    int id;
    long routed, failed, conflicts;
    char pad[64];
} router_worker_t;

void *router_run(void *arg);

#endif
