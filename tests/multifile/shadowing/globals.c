/* globals.c - the shared data */
#include "shared.h"

long total;
long count;
long checksum;
long table[8];
