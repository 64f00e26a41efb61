/* STM (7) every access form on every kind of object, in both modes: the
 * single-thread fast path (one registered thread: direct access + undo log)
 * and the normal mode (a second registered thread that stays idle), then
 * the fast path again once that thread has exited.  Scalars of each size,
 * floating point, _Bool, pointers, structs of odd sizes, a packed
 * (1-aligned) long straddling two words, a byte written into a buffered
 * word and read back through a wider load, compound assignments with every
 * operator, ++/--, the string and memory functions, two words that share
 * a versioned lock, and a retry in the fast path that undoes the direct
 * writes before the block reruns. */
#include "atomicc_rt.h"
#include "atomicc_stm.h"
#include "test_common.h"

#include <string.h>

/* The lowered form, abbreviated for this test only. */
#define ATOMIC_BEGIN                                                          \
    {                                                                         \
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = \
            atomicc_stm_begin();                                              \
        atomicc_stm_restart_point(__atomicc_tx);                              \
        {
#define ATOMIC_END \
        }          \
    }
#define TX __atomicc_tx

struct s3 { char a[3]; };
struct s12 { int a, b, c; };
struct s8 { int a, b; };          /* 8 bytes, 4-aligned */
struct big { long v[5]; char tag; };
struct pl { long v; } __attribute__((packed)); /* alignment 1 */

static char c;
static short sh;
static int i32;
static unsigned u32;
static long l64;
static float f;
static double d;
static long double ld;
static _Bool flag;
static int *ptr;
static int arr[4];
static struct s3 s3v;
static struct s12 s12v;
static struct s8 s8v[2];
static struct big bigv;
static unsigned char raw[32] __attribute__((aligned(8)));
static char text[64];
static long word;
static int retried;

static void suite(int expect_solo)
{
    memset(raw, 0, sizeof raw);
    ATOMIC_BEGIN
        CHECK(TX->solo == (unsigned)expect_solo);
        ATOMICC_TX_STORE(TX, &c, 'x');
        ATOMICC_TX_STORE(TX, &sh, -1234);
        ATOMICC_TX_STORE(TX, &i32, 100000);
        ATOMICC_TX_STORE(TX, &u32, 0xdeadbeefu);
        ATOMICC_TX_STORE(TX, &l64, -(1L << 40));
        ATOMICC_TX_STORE(TX, &f, 1.5f);
        ATOMICC_TX_STORE(TX, &d, 2.25);
        ATOMICC_TX_STORE(TX, &ld, 3.125L);
        ATOMICC_TX_STORE(TX, &flag, 7);             /* converts to 1 */
        ATOMICC_TX_STORE(TX, &ptr, &arr[2]);
        ATOMICC_TX_STORE(TX, &s3v, ((struct s3){ { 'a', 'b', 'c' } }));
        ATOMICC_TX_STORE(TX, &s12v, ((struct s12){ 1, 2, 3 }));
        ATOMICC_TX_STORE(TX, &s8v[1], ((struct s8){ 4, 5 }));
        struct big b = { { 1, 2, 3, 4, 5 }, 'z' };
        ATOMICC_TX_STORE(TX, &bigv, b);
        struct pl *mis = (struct pl *)(void *)(raw + 3); /* bytes 3..10: two words */
        ATOMICC_TX_STORE(TX, mis, ((struct pl){ 0x1122334455667788L }));
        /* read-after-write, inside the same attempt */
        CHECK(ATOMICC_TX_LOAD(TX, &c) == 'x');
        CHECK(ATOMICC_TX_LOAD(TX, &sh) == -1234);
        CHECK(ATOMICC_TX_LOAD(TX, &i32) == 100000);
        CHECK(ATOMICC_TX_LOAD(TX, &u32) == 0xdeadbeefu);
        CHECK(ATOMICC_TX_LOAD(TX, &l64) == -(1L << 40));
        CHECK(ATOMICC_TX_LOAD(TX, &f) == 1.5f);
        CHECK(ATOMICC_TX_LOAD(TX, &d) == 2.25);
        CHECK(ATOMICC_TX_LOAD(TX, &ld) == 3.125L);
        CHECK(ATOMICC_TX_LOAD(TX, &flag) == 1);
        CHECK(ATOMICC_TX_LOAD(TX, &ptr) == &arr[2]);
        CHECK(ATOMICC_TX_LOAD(TX, &s3v).a[2] == 'c');
        CHECK(ATOMICC_TX_LOAD(TX, &s12v).c == 3);
        CHECK(ATOMICC_TX_LOAD(TX, &s8v[1]).b == 5);
        CHECK(ATOMICC_TX_LOAD(TX, &bigv).v[4] == 5 && ATOMICC_TX_LOAD(TX, &bigv).tag == 'z');
        CHECK(ATOMICC_TX_LOAD(TX, mis).v == 0x1122334455667788L);
        CHECK(ATOMICC_TX_LOAD(TX, &raw[2]) == 0 && ATOMICC_TX_LOAD(TX, &raw[11]) == 0);
        /* a byte into a word, read back wide (merge of buffer and memory) */
        ATOMICC_TX_STORE(TX, &word, 0x0101010101010101L);
        ATOMICC_TX_STORE(TX, (unsigned char *)&word + 2, 0xff);
        CHECK(ATOMICC_TX_LOAD(TX, &word) == 0x0101010101ff0101L);
    ATOMIC_END
    /* committed */
    CHECK(c == 'x' && sh == -1234 && i32 == 100000 && u32 == 0xdeadbeefu);
    CHECK(l64 == -(1L << 40) && f == 1.5f && d == 2.25 && ld == 3.125L && flag == 1);
    CHECK(ptr == &arr[2] && s3v.a[0] == 'a' && s12v.b == 2 && s8v[1].a == 4);
    CHECK(bigv.v[0] == 1 && bigv.tag == 'z');
    long m;
    memcpy(&m, raw + 3, sizeof m);
    CHECK(m == 0x1122334455667788L && raw[2] == 0 && raw[11] == 0);
    CHECK(word == 0x0101010101ff0101L);

    /* compound assignments, ++ and -- */
    ATOMIC_BEGIN
        ATOMICC_TX_STORE(TX, &i32, 100);
        CHECK(ATOMICC_TX_UPDATE(TX, &i32, +, 5) == 105);
        CHECK(ATOMICC_TX_UPDATE(TX, &i32, -, 6) == 99);
        CHECK(ATOMICC_TX_UPDATE(TX, &i32, *, 3) == 297);
        CHECK(ATOMICC_TX_UPDATE(TX, &i32, /, 2) == 148);
        CHECK(ATOMICC_TX_UPDATE(TX, &i32, %, 10) == 8);
        CHECK(ATOMICC_TX_UPDATE(TX, &i32, <<, 4) == 128);
        CHECK(ATOMICC_TX_UPDATE(TX, &i32, >>, 2) == 32);
        CHECK(ATOMICC_TX_UPDATE(TX, &i32, |, 3) == 35);
        CHECK(ATOMICC_TX_UPDATE(TX, &i32, &, 6) == 2);
        CHECK(ATOMICC_TX_UPDATE(TX, &i32, ^, 7) == 5);
        CHECK(ATOMICC_TX_POSTINC(TX, &i32) == 5);
        CHECK(ATOMICC_TX_PREINC(TX, &i32) == 7);
        CHECK(ATOMICC_TX_POSTDEC(TX, &i32) == 7);
        CHECK(ATOMICC_TX_PREDEC(TX, &i32) == 5);
        CHECK(ATOMICC_TX_UPDATE(TX, &d, *, 2) == 4.5);
        CHECK(ATOMICC_TX_PREINC(TX, &d) == 5.5);
        CHECK(ATOMICC_TX_UPDATE(TX, &c, +, 1) == 'y');
        CHECK(ATOMICC_TX_POSTINC(TX, &ptr) == &arr[2]);
        CHECK(ATOMICC_TX_UPDATE(TX, &ptr, -, 3) == &arr[0]);
        CHECK(ATOMICC_TX_PREINC(TX, &flag) == 1);
        CHECK(ATOMICC_TX_PREDEC(TX, &flag) == 0);
        CHECK(ATOMICC_TX_UPDATE(TX, &sh, *, -1) == 1234);
    ATOMIC_END
    CHECK(i32 == 5 && d == 5.5 && c == 'y' && ptr == &arr[0] && flag == 0 && sh == 1234);

    /* memory and string functions (with read-after-write) */
    ATOMIC_BEGIN
        atomicc_stm_memset(TX, text, 0, sizeof text);
        atomicc_stm_memcpy(TX, text + 1, "hello, world", 13);
        CHECK(atomicc_stm_strlen(TX, text + 1) == 12);
        CHECK(atomicc_stm_strlen(TX, text) == 0);
        CHECK(atomicc_stm_strcmp(TX, text + 1, "hello, world") == 0);
        CHECK(atomicc_stm_strcmp(TX, text + 1, "hello, x") < 0);
        CHECK(atomicc_stm_memcmp(TX, text + 1, "hello", 5) == 0);
        atomicc_stm_memmove(TX, text + 3, text + 1, 12); /* overlap, backwards */
        CHECK(atomicc_stm_memcmp(TX, text + 1, "hehello, world", 15) == 0);
        atomicc_stm_memmove(TX, text + 1, text + 3, 13); /* overlap, forwards */
        CHECK(atomicc_stm_strcmp(TX, text + 1, "hello, world") == 0);
        CHECK(atomicc_stm_memcmp(TX, text + 1, "hellp", 5) < 0);
    ATOMIC_END
    CHECK(strcmp(text + 1, "hello, world") == 0 && text[0] == 0);
    ATOMIC_BEGIN
        CHECK(atomicc_stm_strlen(TX, text + 1) == 12); /* from memory */
        CHECK(atomicc_stm_strcmp(TX, "hello, world", text + 1) == 0);
    ATOMIC_END

    /* two words 8 MiB apart share a versioned lock */
    long *far = calloc(((size_t)1 << 20) + 1, sizeof(long));
    CHECK(far != NULL);
    ATOMIC_BEGIN
        ATOMICC_TX_STORE(TX, &far[0], 11);
        ATOMICC_TX_STORE(TX, &far[(size_t)1 << 20], 22);
        CHECK(ATOMICC_TX_LOAD(TX, &far[0]) + ATOMICC_TX_LOAD(TX, &far[(size_t)1 << 20]) == 33);
    ATOMIC_END
    CHECK(far[0] == 11 && far[(size_t)1 << 20] == 22);
    free(far);

    /* a retry in the fast path undoes the direct writes, then reruns the
     * block in normal mode (in normal mode the block does not retry) */
    retried = 0;
    l64 = 7;
    ATOMIC_BEGIN
        CHECK(ATOMICC_TX_LOAD(TX, &l64) == 7);
        ATOMICC_TX_STORE(TX, &l64, 8);
        ATOMICC_TX_STORE(TX, &s12v, ((struct s12){ 9, 9, 9 }));
        if (TX->solo) {
            retried++;
            atomicc_stm_retry(TX);
        }
    ATOMIC_END
    CHECK(retried == expect_solo && l64 == 8 && s12v.a == 9);
}

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int state; /* 1: helper registered, 2: helper may exit */

static void *helper(void *arg)
{
    (void)arg;
    ATOMIC_BEGIN
        (void)ATOMICC_TX_LOAD(TX, &word);
    ATOMIC_END
    pthread_mutex_lock(&mu);
    state = 1;
    pthread_cond_broadcast(&cv);
    while (state != 2)
        pthread_cond_wait(&cv, &mu);
    pthread_mutex_unlock(&mu);
    return NULL;
}

int main(void)
{
    suite(1);
    pthread_t t = test_spawn(helper, NULL);
    pthread_mutex_lock(&mu);
    while (state != 1)
        pthread_cond_wait(&cv, &mu);
    pthread_mutex_unlock(&mu);
    suite(0);
    pthread_mutex_lock(&mu);
    state = 2;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
    pthread_join(t, NULL);
    suite(1);
    printf("ok\n");
    return 0;
}
