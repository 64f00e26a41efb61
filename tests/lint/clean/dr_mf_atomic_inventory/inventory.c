/*
 * inventory.c -- part of clean/dr_mf_atomic_inventory (Atomic C; see
 * main.c).  All accesses here run inside atomic blocks.
 */
long on_hand = 50;
long reserved;

void reserve(long n)
{
    atomic {
        if (on_hand >= n) {
            on_hand -= n;
            reserved += n;
        }
    }
}

void restock(long n)
{
    atomic {
        on_hand += n;
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
