/* (limits) Nothing overflows silently: each limit aborts with a message.
 *   1. a pervar block with more than ATOMICC_PV_MAX lock requests aborts
 *      with "atomicc: an atomic block needs more than N lock requests (at
 *      FILE:LINE)", FILE:LINE being the request that did not fit (object
 *      and class requests alike);
 *   2. a pervar lock word whose S holder count is full (2047 holders, of a
 *      class lock or an object stripe) aborts the next holder instead of
 *      carrying into the X bit; one below full still grants, through the
 *      out-of-line path (the inline path stops at half full), and releases
 *      back to the same count; a class lock's IS and IX holders have no
 *      count (they are announced per thread) and leave its word alone;
 *   3. the nesting depth of `global` and `pervar` blocks saturates below the
 *      registration bit and aborts (faked: the depth is set just below it).
 * The test runs with ATOMICC_SOLO=0 (it re-executes itself with it), so a
 * single thread takes the lock words.  Each abort happens in a forked
 * child whose stderr is checked. */
#include "atomicc_rt.h"
#include "test_common.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs fn in a child; the child must die of SIGABRT with `want` in its
 * stderr. */
static void expect_abort(void (*fn)(void), const char *want)
{
    int fd[2];
    CHECK(pipe(fd) == 0);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        dup2(fd[1], 2);
        close(fd[0]);
        close(fd[1]);
        signal(SIGABRT, SIG_DFL);
        fn();
        fprintf(stderr, "child did not abort\n");
        _exit(0);
    }
    close(fd[1]);
    char msg[2048];
    size_t len = 0;
    ssize_t r;
    while (len < sizeof msg - 1 && (r = read(fd[0], msg + len, sizeof msg - 1 - len)) > 0)
        len += (size_t)r;
    msg[len] = '\0';
    close(fd[0]);
    int status;
    CHECK(waitpid(pid, &status, 0) == pid);
    if (!strstr(msg, want))
        fprintf(stderr, "expected \"%s\" in the child's stderr, got \"%s\"\n", want, msg);
    CHECK(strstr(msg, want) != NULL);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
}

static long objs[ATOMICC_PV_MAX + 1];

/* ---- 1. the request table -------------------------------------------------- */

/* One request each, returning the line it is made on (the message's). */
static int add_w(atomicc_pv_t *pv, const void *p) { atomicc_pv_addr(pv, p, ATOMICC_W); return __LINE__; }
static int add_ix(atomicc_pv_t *pv, unsigned slot) { atomicc_pv_class(pv, slot, ATOMICC_IX); return __LINE__; }

static void too_many_addr(void)
{
    atomicc_pv_t pv;
    atomicc_pv_init(&pv);
    for (int i = 0; i <= ATOMICC_PV_MAX; i++)
        add_w(&pv, &objs[i]);
    atomicc_pv_enter(&pv);
}

static void too_many_class(void)
{
    atomicc_pv_t pv;
    atomicc_pv_init_retry(&pv);
    for (int i = 0; i < ATOMICC_PV_MAX; i++)
        add_w(&pv, &objs[i]);
    add_ix(&pv, 3u);
    atomicc_pv_enter(&pv);
}

static void check_request_table(void)
{
    atomicc_pv_t pv;
    atomicc_pv_init(&pv);
    int lw = add_w(&pv, &objs[0]), lc = add_ix(&pv, 3u);
    CHECK(pv.n == 2);
    char want[512];
    snprintf(want, sizeof want, "atomicc: an atomic block needs more than %u lock requests (at %s:%d)\n",
             (unsigned)ATOMICC_PV_MAX, __FILE__, lw);
    expect_abort(too_many_addr, want);
    snprintf(want, sizeof want, "atomicc: an atomic block needs more than %u lock requests (at %s:%d)\n",
             (unsigned)ATOMICC_PV_MAX, __FILE__, lc);
    expect_abort(too_many_class, want);
    /* exactly ATOMICC_PV_MAX requests still fit (and are all taken) */
    atomicc_pv_t full __attribute__((cleanup(atomicc_pv_leave)));
    atomicc_pv_init(&full);
    for (int i = 0; i < ATOMICC_PV_MAX; i++)
        add_w(&full, &objs[i]);
    atomicc_pv_enter(&full);
    CHECK(full.n >= 1 && full.n <= ATOMICC_PV_MAX);
    for (int i = 0; i < ATOMICC_PV_MAX; i++)
        CHECK(atomicc__pv_table[ATOMICC_PV_CLASSES + atomicc_pv_stripe(&objs[i])].word == 0x80000000u);
}

/* ---- 2. holder counts ------------------------------------------------------ */

#define FULL_S (0x7ffu << 20)

static long obj_s;

static unsigned *class_word(unsigned slot)
{
    return &atomicc__pv_table[slot].word;
}

static unsigned *stripe_word(const void *p)
{
    return &atomicc__pv_table[ATOMICC_PV_CLASSES + atomicc_pv_stripe(p)].word;
}

static void class_block(unsigned slot, unsigned mode, unsigned expect_inside)
{
    atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
    atomicc_pv_init(&pv);
    atomicc_pv_class(&pv, slot, mode);
    atomicc_pv_addr(&pv, (const void *)&objs[0], ATOMICC_W);
    atomicc_pv_enter(&pv);
    CHECK(__atomic_load_n(class_word(slot), __ATOMIC_SEQ_CST) == expect_inside);
}

static void stripe_block_r(unsigned expect_inside)
{
    atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
    atomicc_pv_enter1(&pv, (const void *)&obj_s, ATOMICC_R);
    CHECK(__atomic_load_n(stripe_word(&obj_s), __ATOMIC_SEQ_CST) == expect_inside);
}

static void full_s_class(void)
{
    *class_word(7) = FULL_S;
    class_block(7, ATOMICC_S, 0);
}

static void full_s(void)
{
    *stripe_word(&obj_s) = FULL_S;
    stripe_block_r(0);
}

static void check_holder_counts(void)
{
    char want[256];
    expect_abort(full_s_class, "atomicc: more than 2047 threads hold the lock of alias class slot 7 in S mode "
                               "at once (its holder count would overflow)\n");
    snprintf(want, sizeof want,
             "atomicc: more than 2047 threads hold object lock stripe %u in S mode at once "
             "(its holder count would overflow)\n",
             (unsigned)atomicc_pv_stripe(&obj_s));
    expect_abort(full_s, want);

    /* A class lock's IS and IX holders are not counted in its word (each
     * thread announces its intentions in its own line): the word stays 0,
     * whatever the number of holders. */
    class_block(5, ATOMICC_IS, 0);
    class_block(6, ATOMICC_IX, 0);
    CHECK(*class_word(5) == 0 && *class_word(6) == 0);
    /* one below full: granted (out of line), released to the same count */
    *class_word(7) = FULL_S - (1u << 20);
    class_block(7, ATOMICC_S, FULL_S);
    CHECK(*class_word(7) == FULL_S - (1u << 20));
    *class_word(7) = 0;
    class_block(7, ATOMICC_S, 1u << 20);
    class_block(7, ATOMICC_X, 0x80000000u);
    *stripe_word(&obj_s) = FULL_S - (1u << 20);
    stripe_block_r(FULL_S);
    CHECK(*stripe_word(&obj_s) == FULL_S - (1u << 20));
    /* half full (the inline path's limit) and empty */
    *stripe_word(&obj_s) = 0x200u << 20;
    stripe_block_r(0x201u << 20);
    *stripe_word(&obj_s) = 0;
    stripe_block_r(1u << 20);
    CHECK(*class_word(7) == 0 && *stripe_word(&obj_s) == 0);
}

/* ---- 3. nesting depth ------------------------------------------------------ */

static void deep_global(void)
{
    atomicc_guard_t g1 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter();
    atomicc__gthread.depth = ATOMICC__G_UNREG - 1; /* as if nested that deep */
    g1.depth = ATOMICC__G_UNREG - 1;
    {
        atomicc_guard_t g2 __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter();
        (void)g2;
    }
}

static void deep_pervar(void)
{
    atomicc_pv_t pv1 __attribute__((cleanup(atomicc_pv_leave)));
    atomicc_pv_enter1(&pv1, (const void *)&objs[1], ATOMICC_W);
    atomicc__pv_self.depth = ATOMICC__PV_UNREG - 1;
    {
        atomicc_pv_t pv2 __attribute__((cleanup(atomicc_pv_leave)));
        atomicc_pv_enter1(&pv2, (const void *)&objs[2], ATOMICC_W);
    }
}

static void check_depth(void)
{
    expect_abort(deep_global, "atomicc: global atomic blocks nested too deeply (the lock's recursion depth "
                              "would overflow)\n");
    expect_abort(deep_pervar, "atomicc: pervar atomic blocks nested too deeply (the nesting depth would "
                              "overflow)\n");
}

int main(int argc, char **argv)
{
    (void)argc;
    const char *e = getenv("ATOMICC_SOLO");
    if (!e || strcmp(e, "0") != 0) {
        CHECK(setenv("ATOMICC_SOLO", "0", 1) == 0);
        fflush(stdout);
        execv("/proc/self/exe", argv);
        fprintf(stderr, "execv /proc/self/exe failed\n");
        return 1;
    }
    check_request_table();
    check_holder_counts();
    check_depth();
    puts("ok");
    return 0;
}
