/* hdr.c - headers: bit-fields set before the threads start, read after */
#include "parts.h"

struct hdr hdrs[NK];

void hdr_init(void)
{
    for (int k = 0; k < NK; k++) {
        hdrs[k].flags = (unsigned)k % 8;
        hdrs[k].kind = (unsigned)(k * 3) % 32;
        hdrs[k].seq = 0;
    }
}

void hdr_touch(int k)
{
    atomic { hdrs[k].seq++; }
}

int hdr_bits_ok(void)
{
    for (int k = 0; k < NK; k++)
        if (hdrs[k].flags != (unsigned)k % 8 || hdrs[k].kind != (unsigned)(k * 3) % 32)
            return 0;
    return 1;
}

long hdr_seq_total(void)
{
    long s = 0;
    atomic {
        for (int k = 0; k < NK; k++)
            s += hdrs[k].seq;
    }
    return s;
}
