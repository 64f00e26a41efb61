/* Every shadowed builtin compiles warning-free (-Wall -Wextra -Werror) in
 * sim mode, directly and through <stdatomic.h>, still does what the builtin
 * does, and counts as a hook event; a CAS counter is right with 8 threads. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include "sim_test.h"

static atomic_int ai;
static _Atomic long al;
static atomic_flag flag = ATOMIC_FLAG_INIT;
static int plain;
static long cas_counter;

static void *cas_worker(void *a)
{
    (void)a;
    for (int i = 0; i < 5000; i++) {
        long old = __atomic_load_n(&cas_counter, __ATOMIC_RELAXED);
        while (!__atomic_compare_exchange_n(&cas_counter, &old, old + 1, 1, __ATOMIC_SEQ_CST,
                                            __ATOMIC_RELAXED))
            atomicc__sim_spin();
    }
    return NULL;
}

int main(void)
{
    unsigned long long h0 = atomicc__sim_trace_hash();
    atomic_store(&ai, 5);
    CHECK(atomic_load(&ai) == 5);
    CHECK(atomic_exchange(&ai, 6) == 5);
    int e = 6;
    CHECK(atomic_compare_exchange_strong(&ai, &e, 7) && ai == 7);
    CHECK(!atomic_compare_exchange_weak(&ai, &e, 8) && e == 7);
    CHECK(atomic_fetch_add(&al, 10) == 0 && atomic_fetch_sub(&al, 3) == 10);
    CHECK(atomic_fetch_or(&al, 0x100) == 7 && atomic_fetch_and(&al, 0x10f) == 0x107);
    CHECK(atomic_fetch_xor(&al, 1) == 0x107 && al == 0x106);
    CHECK(!atomic_flag_test_and_set(&flag) && atomic_flag_test_and_set(&flag));
    atomic_flag_clear(&flag);
    atomic_thread_fence(memory_order_seq_cst);
    atomic_signal_fence(memory_order_seq_cst);
    atomic_init(&ai, 1);
    CHECK(atomic_load_explicit(&ai, memory_order_acquire) == 1);

    __atomic_store_n(&plain, 1, __ATOMIC_RELEASE);
    int v = 0, w = 9;
    __atomic_load(&plain, &v, __ATOMIC_ACQUIRE);
    CHECK(v == 1);
    __atomic_store(&plain, &w, __ATOMIC_RELEASE);
    __atomic_exchange(&plain, &v, &w, __ATOMIC_ACQ_REL);
    CHECK(w == 9 && plain == 1);
    int exp = 1, des = 2;
    CHECK(__atomic_compare_exchange(&plain, &exp, &des, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) && plain == 2);
    CHECK(__atomic_exchange_n(&plain, 3, __ATOMIC_SEQ_CST) == 2);
    CHECK(__atomic_add_fetch(&plain, 1, __ATOMIC_SEQ_CST) == 4 && __atomic_sub_fetch(&plain, 1, 0) == 3);
    CHECK(__atomic_and_fetch(&plain, 1, 0) == 1 && __atomic_or_fetch(&plain, 6, 0) == 7);
    CHECK(__atomic_xor_fetch(&plain, 2, 0) == 5 && __atomic_nand_fetch(&plain, 1, 0) == ~1);
    CHECK(__atomic_fetch_nand(&plain, 0, 0) == ~1 && plain == -1);
    __atomic_fetch_and(&plain, 0, 0);
    __atomic_fetch_or(&plain, 8, 0);
    __atomic_fetch_xor(&plain, 1, 0);
    CHECK(plain == 9);
    char b = 0;
    CHECK(!__atomic_test_and_set(&b, __ATOMIC_SEQ_CST));
    __atomic_clear(&b, __ATOMIC_SEQ_CST);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    __atomic_signal_fence(__ATOMIC_SEQ_CST);

    CHECK(__sync_fetch_and_add(&plain, 1) == 9 && __sync_add_and_fetch(&plain, 1) == 11);
    CHECK(__sync_fetch_and_sub(&plain, 1) == 11 && __sync_sub_and_fetch(&plain, 1) == 9);
    CHECK(__sync_fetch_and_or(&plain, 2) == 9 && __sync_fetch_and_and(&plain, 3) == 11);
    CHECK(__sync_fetch_and_xor(&plain, 1) == 3 && __sync_or_and_fetch(&plain, 4) == 6);
    CHECK(__sync_and_and_fetch(&plain, 4) == 4 && __sync_xor_and_fetch(&plain, 5) == 1);
    CHECK(__sync_bool_compare_and_swap(&plain, 1, 5) && __sync_val_compare_and_swap(&plain, 5, 6) == 5);
    CHECK(__sync_lock_test_and_set(&plain, 1) == 6);
    __sync_lock_release(&plain);
    __sync_synchronize();
    CHECK(plain == 0);
    CHECK(atomicc__sim_trace_hash() != h0);

    pthread_t t[8];
    for (int i = 0; i < 8; i++)
        pthread_create(&t[i], NULL, cas_worker, NULL);
    for (int i = 0; i < 8; i++)
        pthread_join(t[i], NULL);
    CHECK(cas_counter == 40000);
    puts("ok");
    return 0;
}
