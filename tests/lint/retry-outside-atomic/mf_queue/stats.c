/*
 * stats.c -- part of retry-outside-atomic/mf_queue (see main.c).
 * peek_and_count() calls queue_take() with no atomic block around it.
 */
#include "queue.h"

long taken_by_stats;

long peek_and_count(void)
{
    long v = queue_take(); // LINT: retry-outside-atomic#1
    taken_by_stats++;
    return v;
}
