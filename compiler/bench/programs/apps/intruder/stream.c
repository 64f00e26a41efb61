/* stream.c - generate intruder's packet stream. */
#include <stdlib.h>
#include <string.h>
#include "stream.h"
#include "detector.h"

static uint64_t rnd(uint64_t *s)
{
    uint64_t x = *s;        /* xorshift64* */
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 2685821657736338717ULL;
}

static long below(uint64_t *s, long n)
{
    return (long)((rnd(s) >> 11) % (uint64_t)n);
}

void stream_generate(stream_t *s, long nflows, int pct_attack, uint64_t seed)
{
    uint64_t r = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    if (r == 0)
        r = 1;
    long cap = nflows * MAX_FRAGMENTS, np = 0;
    s->packets = malloc(sizeof(packet_t *) * (size_t)cap);
    s->is_attack = calloc((size_t)nflows, 1);
    if (!s->packets || !s->is_attack)
        abort();
    s->nflows = nflows;
    s->nattacks = 0;
    char flow[MAX_FLOW];
    for (long f = 0; f < nflows; f++) {
        int len = MIN_FLOW + (int)below(&r, MAX_FLOW - MIN_FLOW + 1);
        for (int i = 0; i < len; i++)
            flow[i] = (char)('a' + below(&r, 26));
        if (below(&r, 100) < pct_attack) {
            const char *sig = detector_signature((int)below(&r, detector_count()));
            int sl = (int)strlen(sig);
            memcpy(flow + below(&r, len - sl + 1), sig, (size_t)sl);
            s->is_attack[f] = 1;
            s->nattacks++;
        }
        int nfrags = 1 + (int)below(&r, MAX_FRAGMENTS);
        if (nfrags > len)
            nfrags = len;
        int at = 0;
        for (int k = 0; k < nfrags; k++) {
            int end = k == nfrags - 1 ? len : (int)((long)len * (k + 1) / nfrags);
            packet_t *p = malloc(sizeof *p + (size_t)(end - at));
            if (!p)
                abort();
            p->flow = f;
            p->index = k;
            p->nfrags = nfrags;
            p->offset = at;
            p->len = end - at;
            memcpy(p->data, flow + at, (size_t)(end - at));
            s->packets[np++] = p;
            at = end;
        }
    }
    for (long i = np - 1; i > 0; i--) {
        long j = below(&r, i + 1);
        packet_t *t = s->packets[i];
        s->packets[i] = s->packets[j];
        s->packets[j] = t;
    }
    s->npackets = np;
}

void stream_free(stream_t *s)
{
    for (long i = 0; i < s->npackets; i++)
        free(s->packets[i]);
    free(s->packets);
    free(s->is_attack);
}
