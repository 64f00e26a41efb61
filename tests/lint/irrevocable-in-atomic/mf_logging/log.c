/*
 * log.c -- part of irrevocable-in-atomic/mf_logging (Atomic C; see
 * main.c).  log_event() writes to stderr: fine outside blocks, an
 * irrevocable call when reached from a block.
 */
#include <stdio.h>

void log_event(const char *what, long v)
{
    fprintf(stderr, "%s %ld\n", what, v); // LINT: irrevocable-in-atomic#1
}
