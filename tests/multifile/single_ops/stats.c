/* stats.c - the extern counters */
#include "stats.h"

long events;
unsigned long seen_mask;
int last_writer = -1;

long events_now(void)
{
    long v;
    atomic { v = events; }
    return v;
}
