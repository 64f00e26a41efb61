/*
 * inventory.c -- part of data-race/mf_atomic_vs_plain (Atomic C; see
 * main.c).  All updates here run inside atomic blocks.
 */
long on_hand = 50;
long reserved;

void reserve(long n)
{
    atomic {
        if (on_hand >= n) { // LINT: data-race#1
            on_hand -= n; // LINT: data-race#1
            reserved += n;
        }
    }
}

long reserved_now(void)
{
    long r;
    atomic {
        r = reserved;
    }
    return r;
}
