/* stream.h - intruder's input: flows cut into fragments, shuffled. */
#ifndef INTRUDER_STREAM_H
#define INTRUDER_STREAM_H

#include <stdint.h>

#define MAX_FRAGMENTS 8
#define MIN_FLOW 64
#define MAX_FLOW 448

typedef struct packet {
    long flow;              /* 0 .. nflows-1 */
    int index;              /* fragment number, 0 .. nfrags-1 */
    int nfrags;
    int offset;             /* where its bytes go in the flow */
    int len;
    char data[];            /* len bytes */
} packet_t;

typedef struct stream {
    packet_t **packets;
    long npackets;
    long nflows;
    long nattacks;          /* flows that carry a signature */
    char *is_attack;        /* per flow */
} stream_t;

/* nflows flows of MIN_FLOW..MAX_FLOW random lowercase bytes; about
 * pct_attack percent of them carry one of the detector's signatures; each
 * flow is cut into 1..MAX_FRAGMENTS fragments, and all fragments shuffled. */
void stream_generate(stream_t *s, long nflows, int pct_attack, uint64_t seed);
void stream_free(stream_t *s);

#endif
