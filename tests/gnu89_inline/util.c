/* util.c - the out-of-line definitions of util.h's inline functions */
#define UTIL_INLINE
#include "util.h"

struct counter ctr;
