/*
 * score.c -- part of clean/irr_mf_helper (Atomic C; see main.c).
 * Pure helpers with bodies in the program; log_line() does I/O but is
 * only called outside blocks.
 */
#include <stdio.h>

long clamp_score(long v)
{
    return v < 0 ? 0 : (v > 100 ? 100 : v);
}

long bonus_for(long streak)
{
    return streak * streak / 4;
}

void log_line(long v)
{
    fprintf(stderr, "score %ld\n", v);
}
