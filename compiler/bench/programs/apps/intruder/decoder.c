/* decoder.c - see decoder.h. */
#include <stdlib.h>
#include <string.h>
#include "decoder.h"

void decoder_init(decoder_t *d, long nflows)
{
    d->pending = map_new((unsigned long)(nflows / 4 + 1));
}

void decoder_destroy(decoder_t *d)
{
    map_free(d->pending);
}

pending_t *decoder_add(decoder_t *d, packet_t *p)
{
    pending_t *f = map_find(d->pending, p->flow);
    if (!f) {
        f = malloc(sizeof *f);
        if (!f)
            abort();
        f->flow = p->flow;
        f->nfrags = p->nfrags;
        f->received = 0;
        f->len = 0;
        for (int i = 0; i < MAX_FRAGMENTS; i++)
            f->frag[i] = NULL;
        if (p->nfrags > 1)
            map_insert(d->pending, p->flow, f);
    }
    f->frag[p->index] = p;
    f->received++;
    f->len += p->len;
    if (f->received < f->nfrags)
        return NULL;
    if (f->nfrags > 1)
        map_remove(d->pending, p->flow);
    return f;
}

int decoder_assemble(const pending_t *f, char *buf)
{
    for (int i = 0; i < f->nfrags; i++) {
        const packet_t *p = f->frag[i];
        memcpy(buf + p->offset, p->data, (size_t)p->len);
    }
    return f->len;
}
