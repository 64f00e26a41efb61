/* decoder.h - reassembly of fragmented flows in a shared map. */
#ifndef INTRUDER_DECODER_H
#define INTRUDER_DECODER_H

#include "lib/map.h"
#include "stream.h"

typedef struct pending {
    long flow;
    int nfrags;
    int received;
    int len;
    packet_t *frag[MAX_FRAGMENTS];
} pending_t;

typedef struct decoder {
    map_t *pending;         /* flow id -> pending_t */
} decoder_t;

void decoder_init(decoder_t *d, long nflows);
void decoder_destroy(decoder_t *d);
/* Files the fragment (call inside an atomic block).  When it completes its
 * flow, the flow leaves the map and is returned: it is then the caller's
 * alone.  Otherwise NULL. */
pending_t *decoder_add(decoder_t *d, packet_t *p);
/* Copies the completed flow's bytes into buf (MAX_FLOW bytes); returns the length. */
int decoder_assemble(const pending_t *f, char *buf);

#endif
