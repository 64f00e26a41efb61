/* undo_log.c - the per-thread undo log behind ATOMICC_LOGW.
 *
 * One growable byte buffer per thread.  Each record is the old bytes (padded
 * to 8) followed by a trailer {addr, size}, so the log can be walked newest
 * first from its end without a separate index.  A "mark" is a byte length.
 */
#define ATOMICC__BUILDING_RUNTIME 1
#include "atomicc_rt.h"
#include "atomicc_internal.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct undo_trailer {
    void *addr;
    size_t size;
};

__thread struct atomicc__undo_log atomicc__tl_undo;
#define tl_undo atomicc__tl_undo

#define UNDO_ALIGN 8u
#define UNDO_INITIAL_CAP 4096u

static pthread_key_t undo_key;
static int undo_key_ok;
static pthread_once_t undo_key_once = PTHREAD_ONCE_INIT;

static void undo_thread_exit(void *p)
{
    (void)p;
    free(tl_undo.buf);
    tl_undo.buf = NULL;
    tl_undo.len = tl_undo.cap = 0;
}

static void undo_key_init(void)
{
    /* On failure there is no destructor: the buffer is then freed only at
     * process exit. */
    undo_key_ok = pthread_key_create(&undo_key, undo_thread_exit) == 0;
}

static void undo_oom(void)
{
    fputs("atomicc: out of memory for the undo log\n", stderr);
    abort();
}

static __attribute__((noinline, cold)) void undo_grow(struct atomicc__undo_log *u, size_t need)
{
    size_t want = u->len + need;
    if (want < u->len)
        undo_oom();
    size_t cap = u->cap ? u->cap : UNDO_INITIAL_CAP;
    while (cap < want) {
        if (cap > SIZE_MAX / 2)
            undo_oom();
        cap *= 2;
    }
    unsigned char *nb = realloc(u->buf, cap);
    if (!nb)
        undo_oom();
    if (!u->key_set) {
        u->key_set = 1;
        pthread_once(&undo_key_once, undo_key_init);
        if (undo_key_ok)
            pthread_setspecific(undo_key, (void *)1);
    }
    u->buf = nb;
    u->cap = cap;
}

void atomicc_undo_log(void *addr, size_t size)
{
    struct atomicc__undo_log *u = &tl_undo;
    if (__builtin_expect(!u->active, 0))
        return; /* outside every atomic block */
    char *here = (char *)__builtin_frame_address(0);
    if ((char *)addr >= here && (char *)addr < u->floor)
        return; /* a local of a function the block called: dead at restart */
    size_t pad = (size + (UNDO_ALIGN - 1)) & ~(size_t)(UNDO_ALIGN - 1);
    if (pad < size)
        undo_oom();
    size_t need = pad + sizeof(struct undo_trailer);
    if (__builtin_expect(u->cap - u->len < need, 0))
        undo_grow(u, need);
    unsigned char *p = u->buf + u->len;
    memcpy(p, addr, size);
    struct undo_trailer t = { addr, size };
    memcpy(p + pad, &t, sizeof t);
    u->len += need;
}

void atomicc__undo_shrink(void)
{
    struct atomicc__undo_log *u = &tl_undo;
    if (u->len == 0 && !u->active) {
        free(u->buf);
        u->buf = NULL;
        u->cap = 0;
    }
}

void atomicc__undo_restore(size_t mark)
{
    struct atomicc__undo_log *u = &tl_undo;
    size_t len = u->len;
    while (len > mark) {
        struct undo_trailer t;
        len -= sizeof t;
        memcpy(&t, u->buf + len, sizeof t);
        len -= (t.size + (UNDO_ALIGN - 1)) & ~(size_t)(UNDO_ALIGN - 1);
        memcpy(t.addr, u->buf + len, t.size);
    }
    u->len = len;
}
