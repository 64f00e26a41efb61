/*
 * stats.c -- part of clean/rt_mf_queue (see main.c).  peek_and_count() has
 * no block of its own; it is only ever called inside blocks.
 */
#include "queue.h"

long taken_by_stats;

long peek_and_count(void)
{
    long v = queue_take();
    taken_by_stats++;
    return v;
}
