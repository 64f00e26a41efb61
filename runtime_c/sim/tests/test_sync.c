/* The interposed sync API under the simulator: condition-variable
 * producer/consumer, barrier, rwlock, semaphores, pthread_once, keys with
 * destructors, C11 threads (thrd/mtx/cnd/call_once/tss), nanosleep and the
 * simulated clocks, recursive / error-checking mutexes, timed waits. */
#define _GNU_SOURCE
#include <errno.h>
#include <unistd.h>
#include <pthread.h>
#include <semaphore.h>
#include <threads.h>
#include <time.h>
#include "sim_test.h"

/* ---- condition variable: bounded buffer */
#define QN 4
#define ITEMS 2000
static pthread_mutex_t qm = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER, not_empty = PTHREAD_COND_INITIALIZER;
static int q[QN], qh, qt, qc;
static long consumed_sum;

static void *producer(void *a)
{
    long base = (long)a;
    for (int i = 1; i <= ITEMS; i++) {
        pthread_mutex_lock(&qm);
        while (LD(qc) == QN)
            pthread_cond_wait(&not_full, &qm);
        ST(q[qt], (int)(base + i));
        ST(qt, (qt + 1) % QN);
        ST(qc, qc + 1);
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&qm);
    }
    return NULL;
}

static void *consumer(void *a)
{
    (void)a;
    long sum = 0;
    for (int i = 0; i < ITEMS; i++) {
        pthread_mutex_lock(&qm);
        while (LD(qc) == 0)
            pthread_cond_wait(&not_empty, &qm);
        sum += LD(q[qh]);
        ST(qh, (qh + 1) % QN);
        ST(qc, qc - 1);
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&qm);
    }
    pthread_mutex_lock(&qm);
    consumed_sum += sum;
    pthread_mutex_unlock(&qm);
    return NULL;
}

static void test_cond(void)
{
    pthread_t p[2], c[2];
    for (int i = 0; i < 2; i++) {
        CHECK(pthread_create(&p[i], NULL, producer, (void *)(long)(i * 100000)) == 0);
        CHECK(pthread_create(&c[i], NULL, consumer, NULL) == 0);
    }
    for (int i = 0; i < 2; i++) {
        pthread_join(p[i], NULL);
        pthread_join(c[i], NULL);
    }
    long want = 2L * ITEMS * (ITEMS + 1) / 2 + 100000L * ITEMS;
    CHECK(consumed_sum == want);
}

/* ---- barrier */
#define BT 5
#define ROUNDS 50
static pthread_barrier_t bar;
static int phase_count[ROUNDS];
static int serials;

static void *bar_worker(void *a)
{
    (void)a;
    for (int r = 0; r < ROUNDS; r++) {
        ST(phase_count[r], LD(phase_count[r]) + 1); /* no two threads in different rounds */
        atomicc__sim_work(100 + 37 * (unsigned long)atomicc__sim_thread_id());
        int s = pthread_barrier_wait(&bar);
        CHECK(LD(phase_count[r]) == BT);
        if (s == PTHREAD_BARRIER_SERIAL_THREAD)
            ST(serials, serials + 1);
        else
            CHECK(s == 0);
        pthread_barrier_wait(&bar);
    }
    return NULL;
}

static void test_barrier(void)
{
    pthread_t t[BT];
    CHECK(pthread_barrier_init(&bar, NULL, BT) == 0);
    for (int i = 0; i < BT; i++)
        pthread_create(&t[i], NULL, bar_worker, NULL);
    for (int i = 0; i < BT; i++)
        pthread_join(t[i], NULL);
    CHECK(serials == ROUNDS);
    pthread_barrier_destroy(&bar);
}

/* ---- rwlock */
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long rw_a, rw_b;
static int readers_in, max_readers;

static void *rw_worker(void *a)
{
    long id = (long)a;
    for (int i = 0; i < 500; i++) {
        if ((i + id) % 4 == 0) {
            pthread_rwlock_wrlock(&rw);
            CHECK(LD(readers_in) == 0);
            ST(rw_a, rw_a + 1);
            atomicc__sim_work(50);
            ST(rw_b, rw_b + 1);
            pthread_rwlock_unlock(&rw);
        } else {
            pthread_rwlock_rdlock(&rw);
            int in = __atomic_add_fetch(&readers_in, 1, __ATOMIC_SEQ_CST);
            if (in > __atomic_load_n(&max_readers, __ATOMIC_RELAXED))
                __atomic_store_n(&max_readers, in, __ATOMIC_RELAXED); /* racy max: a lower bound */
            CHECK(LD(rw_a) == LD(rw_b));
            atomicc__sim_work(200);
            __atomic_sub_fetch(&readers_in, 1, __ATOMIC_SEQ_CST);
            pthread_rwlock_unlock(&rw);
        }
    }
    return NULL;
}

static void test_rwlock(void)
{
    pthread_t t[6];
    for (long i = 0; i < 6; i++)
        pthread_create(&t[i], NULL, rw_worker, (void *)i);
    for (int i = 0; i < 6; i++)
        pthread_join(t[i], NULL);
    CHECK(rw_a == rw_b && rw_a == 6 * 125);
    if (atomicc__sim_cpus() > 1)
        CHECK(max_readers > 1); /* readers did share the lock */
    CHECK(pthread_rwlock_trywrlock(&rw) == 0);
    CHECK(pthread_rwlock_tryrdlock(&rw) == EDEADLK || pthread_rwlock_tryrdlock(&rw) == EBUSY);
    pthread_rwlock_unlock(&rw);
}

/* ---- semaphores */
static sem_t items, slots;
static int ring[3], rp, wp;
static long sem_sum;

static void *sem_prod(void *a)
{
    (void)a;
    for (int i = 1; i <= 1000; i++) {
        sem_wait(&slots);
        ST(ring[wp], i);
        ST(wp, (wp + 1) % 3);
        sem_post(&items);
    }
    return NULL;
}

static void *sem_cons(void *a)
{
    (void)a;
    for (int i = 1; i <= 1000; i++) {
        sem_wait(&items);
        sem_sum += LD(ring[rp]);
        ST(rp, (rp + 1) % 3);
        sem_post(&slots);
    }
    return NULL;
}

static void test_sem(void)
{
    CHECK(sem_init(&items, 0, 0) == 0 && sem_init(&slots, 0, 3) == 0);
    pthread_t a, b;
    pthread_create(&a, NULL, sem_prod, NULL);
    pthread_create(&b, NULL, sem_cons, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    CHECK(sem_sum == 1000L * 1001 / 2);
    int v = -1;
    sem_getvalue(&slots, &v);
    CHECK(v == 3);
    CHECK(sem_trywait(&items) == -1 && errno == EAGAIN);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 5000000; /* 5 ms */
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    unsigned long long c0 = atomicc__sim_now();
    CHECK(sem_timedwait(&items, &ts) == -1 && errno == ETIMEDOUT);
    CHECK(atomicc__sim_now() - c0 >= 9000000ull); /* 5 ms at 2 GHz */
}

/* ---- pthread_once, keys with destructors */
static pthread_once_t once_ctl = PTHREAD_ONCE_INIT;
static int once_runs;
static pthread_key_t key;
static int dtor_runs;
static long dtor_sum;

static void once_init(void)
{
    atomicc__sim_work(5000); /* others arrive while this runs */
    sched_yield();
    ST(once_runs, once_runs + 1);
}

static void key_dtor(void *v)
{
    dtor_runs++;
    dtor_sum += (long)v;
}

static void *once_worker(void *a)
{
    pthread_once(&once_ctl, once_init);
    CHECK(LD(once_runs) == 1);
    CHECK(pthread_getspecific(key) == NULL);
    pthread_setspecific(key, a);
    sched_yield();
    CHECK(pthread_getspecific(key) == a);
    return NULL;
}

static void test_once_keys(void)
{
    CHECK(pthread_key_create(&key, key_dtor) == 0);
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, once_worker, (void *)(i + 1));
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    CHECK(once_runs == 1);
    CHECK(dtor_runs == 4 && dtor_sum == 10);
    pthread_key_delete(key);
}

/* ---- C11 threads */
static mtx_t cm;
static cnd_t cc;
static int c11_ready;
static once_flag c11_once = ONCE_FLAG_INIT;
static int c11_once_runs;
static tss_t tkey;
static int tss_dtors;
static long c11_counter;

static void c11_once_fn(void)
{
    c11_once_runs++;
}

static void tss_dtor(void *p)
{
    (void)p;
    tss_dtors++;
}

static int c11_worker(void *a)
{
    call_once(&c11_once, c11_once_fn);
    tss_set(tkey, a);
    for (int i = 0; i < 1000; i++) {
        mtx_lock(&cm);
        ST(c11_counter, LD(c11_counter) + 1);
        mtx_unlock(&cm);
    }
    mtx_lock(&cm);
    while (!LD(c11_ready))
        cnd_wait(&cc, &cm);
    mtx_unlock(&cm);
    CHECK(tss_get(tkey) == a);
    return (int)(long)a * 10;
}

static void test_c11(void)
{
    CHECK(mtx_init(&cm, mtx_plain) == thrd_success);
    CHECK(cnd_init(&cc) == thrd_success);
    CHECK(tss_create(&tkey, tss_dtor) == thrd_success);
    thrd_t t[3];
    for (long i = 0; i < 3; i++)
        CHECK(thrd_create(&t[i], c11_worker, (void *)(i + 1)) == thrd_success);
    struct timespec d = { 0, 1000000 };
    thrd_sleep(&d, NULL);
    mtx_lock(&cm);
    ST(c11_ready, 1);
    cnd_broadcast(&cc);
    mtx_unlock(&cm);
    int sum = 0;
    for (int i = 0; i < 3; i++) {
        int r = 0;
        CHECK(thrd_join(t[i], &r) == thrd_success);
        sum += r;
    }
    CHECK(sum == 60);
    CHECK(c11_counter == 3000);
    CHECK(c11_once_runs == 1);
    CHECK(tss_dtors == 3);
    mtx_t rm;
    CHECK(mtx_init(&rm, mtx_plain | mtx_recursive) == thrd_success);
    CHECK(mtx_lock(&rm) == thrd_success && mtx_lock(&rm) == thrd_success);
    CHECK(mtx_unlock(&rm) == thrd_success && mtx_unlock(&rm) == thrd_success);
}

/* ---- time and mutex kinds */
static void test_time_and_kinds(void)
{
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    unsigned long long c0 = atomicc__sim_now();
    struct timespec d = { 0, 250000000 }; /* 250 ms */
    CHECK(nanosleep(&d, NULL) == 0);
    clock_gettime(CLOCK_MONOTONIC, &b);
    double dt = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) * 1e-9;
    CHECK(dt >= 0.25 && dt < 0.26);
    CHECK(atomicc__sim_now() - c0 >= 500000000ull); /* 250 ms at 2 GHz */
    usleep(1000);
    CHECK(time(NULL) >= 1704067200); /* the simulated epoch */

    pthread_mutexattr_t at;
    pthread_mutexattr_init(&at);
    pthread_mutexattr_settype(&at, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_t rm;
    pthread_mutex_init(&rm, &at);
    CHECK(pthread_mutex_lock(&rm) == 0 && pthread_mutex_lock(&rm) == 0);
    CHECK(pthread_mutex_unlock(&rm) == 0 && pthread_mutex_unlock(&rm) == 0);
    CHECK(pthread_mutex_unlock(&rm) == EPERM);
    pthread_mutexattr_settype(&at, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_t em;
    pthread_mutex_init(&em, &at);
    CHECK(pthread_mutex_lock(&em) == 0 && pthread_mutex_lock(&em) == EDEADLK);
    CHECK(pthread_mutex_trylock(&em) == EBUSY);
    pthread_mutex_unlock(&em);
    pthread_mutex_t sr = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
    CHECK(pthread_mutex_lock(&sr) == 0 && pthread_mutex_lock(&sr) == 0);
    pthread_mutex_unlock(&sr);
    pthread_mutex_unlock(&sr);

    /* timed cond wait */
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t c = PTHREAD_COND_INITIALIZER;
    pthread_mutex_lock(&m);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += 1;
    CHECK(pthread_cond_timedwait(&c, &m, &ts) == ETIMEDOUT);
    pthread_mutex_unlock(&m);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    CHECK(now.tv_sec > ts.tv_sec || (now.tv_sec == ts.tv_sec && now.tv_nsec >= ts.tv_nsec));
    /* the stack bounds stm.c reads */
    pthread_attr_t attr;
    void *lo;
    size_t sz;
    CHECK(pthread_getattr_np(pthread_self(), &attr) == 0);
    CHECK(pthread_attr_getstack(&attr, &lo, &sz) == 0);
    char here;
    CHECK((char *)lo < &here && &here < (char *)lo + sz);
    pthread_attr_destroy(&attr);
}

int main(void)
{
    test_cond();
    test_barrier();
    test_rwlock();
    test_sem();
    test_once_keys();
    test_c11();
    test_time_and_kinds();
    puts("ok");
    return 0;
}
