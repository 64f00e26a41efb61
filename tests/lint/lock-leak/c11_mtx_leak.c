/*
 * c11_mtx_leak.c -- pattern: "C11 mtx_t leaked on an error path".
 *
 * reserve_seat() takes `seats_mtx` with mtx_lock and returns thrd_error
 * when the seat number is out of range, without mtx_unlock: lock-leak#1.
 * Each C11 thread calls reserve_seat() once.
 */
#include <stdio.h>
#include <threads.h>

#define NSEATS 10

static mtx_t seats_mtx;
static int seats[NSEATS];

static int reserve_seat(int n)
{
    mtx_lock(&seats_mtx); // LINT: lock-leak#1
    if (n < 0 || n >= NSEATS)
        return thrd_error; // LINT: lock-leak#1
    seats[n] = 1;
    mtx_unlock(&seats_mtx);
    return thrd_success;
}

static int guest(void *arg)
{
    return reserve_seat((int)(long)arg);
}

int main(void)
{
    thrd_t a, b;
    mtx_init(&seats_mtx, mtx_plain);
    thrd_create(&a, guest, (void *)3L);
    thrd_create(&b, guest, (void *)12L);
    thrd_join(a, NULL);
    thrd_join(b, NULL);
    puts("done");
    return 0;
}
