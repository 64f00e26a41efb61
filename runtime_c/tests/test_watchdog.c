/* (watchdog) ATOMICC_WATCHDOG=SECONDS: a thread that waits longer than that
 * to get into an atomic block prints, once per wait,
 *   atomicc: watchdog: thread T has waited S s to enter the atomic block at
 *   FILE:LINE (STRATEGY, waits for: ...)
 * with the location the block's macros passed (this file's lines here).
 * Each case runs in a child (this program re-executed with "child CASE" and
 * the watchdog at 0.2 s); the children run at the same time.  In each, one
 * thread keeps the other waiting for about 1 s:
 *   global, pervar      the holder sleeps inside a block on the same lock
 *   solo                the holder runs alone (single-thread mode) and a new
 *                       thread's first block waits for it to end
 *   global_retry, pervar_retry, stm_retry
 *                       the waiter retries until the holder sets a flag
 *   stm_aborts          the holder commits writes to x in a loop while the
 *                       waiter's transaction, which reads x and runs until
 *                       x has changed, aborts again and again
 *   stm_quiesce         the waiter's commit unlinks data (privatization) and
 *                       waits for the holder's long transaction to end
 * Also: the same global case with the watchdog off (unset, and "0") prints
 * nothing; a value that is not a number is reported once and turns it off. */
#include "atomicc_rt.h"
#include "atomicc_stm.h"
#include "test_common.h"

#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define HOLD_MS 1000

static long shared_x __attribute__((aligned(64)));
static long shared_y __attribute__((aligned(64)));
static long *shared_p __attribute__((aligned(64)));
static int flag __attribute__((aligned(64)));
static int holding __attribute__((aligned(64)));
static int writer_done __attribute__((aligned(64)));

/* The lines the report must name (each is the line of the macro call). */
static int line_global, line_pervar, line_solo, line_global_retry, line_pervar_retry, line_stm_retry,
    line_stm_aborts, line_stm_quiesce;

static void wait_holding(void)
{
    while (!__atomic_load_n(&holding, __ATOMIC_ACQUIRE))
        test_sleep_ms(1);
}

/* ---- global / pervar: a lock held for HOLD_MS ----------------------------- */

static void global_block(long sleep_ms, int mark)
{
    atomicc_guard_t g __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter(); line_global = __LINE__;
    if (mark)
        __atomic_store_n(&holding, 1, __ATOMIC_RELEASE);
    shared_x++;
    if (sleep_ms)
        test_sleep_ms(sleep_ms);
}

static void pervar_block(long sleep_ms, int mark)
{
    atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
    atomicc_pv_enter1(&pv, (const void *)&shared_x, ATOMICC_W); line_pervar = __LINE__;
    if (mark)
        __atomic_store_n(&holding, 1, __ATOMIC_RELEASE);
    shared_x++;
    if (sleep_ms)
        test_sleep_ms(sleep_ms);
}

static void *holder_global(void *arg)
{
    (void)arg;
    global_block(0, 0); /* registered: the main thread's blocks take the lock */
    global_block(HOLD_MS, 1);
    return NULL;
}

static void *holder_pervar(void *arg)
{
    (void)arg;
    pervar_block(HOLD_MS, 1);
    return NULL;
}

/* ---- solo: a new thread's first block waits for the solo block ------------ */

static void *newcomer(void *arg)
{
    (void)arg;
    atomicc_guard_t g __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter(); line_solo = __LINE__;
    shared_x++;
    return NULL;
}

static void case_solo(void)
{
    pthread_t t;
    {
        atomicc_guard_t g __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter();
        t = test_spawn(newcomer, NULL); /* alone so far: this block runs solo */
        test_sleep_ms(HOLD_MS);
    }
    CHECK(pthread_join(t, NULL) == 0);
    CHECK(shared_x == 1);
}

/* ---- retry ----------------------------------------------------------------- */

static void *setter_global(void *arg)
{
    (void)arg;
    global_block(0, 1); /* registered before the main thread waits */
    test_sleep_ms(HOLD_MS);
    atomicc_guard_t g __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter();
    flag = 1;
    return NULL;
}

static void case_global_retry(void)
{
    pthread_t t = test_spawn(setter_global, NULL);
    wait_holding();
    atomicc_guard_t g __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter();
__atomicc_restart_1:;
    if (!flag) {
        atomicc_global_retry(&g); line_global_retry = __LINE__;
        goto __atomicc_restart_1;
    }
    CHECK(pthread_join(t, NULL) == 0);
}

static void *setter_pervar(void *arg)
{
    (void)arg;
    test_sleep_ms(HOLD_MS);
    atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
    atomicc_pv_enter1(&pv, (const void *)&flag, ATOMICC_W);
    flag = 1;
    return NULL;
}

static void case_pervar_retry(void)
{
    pthread_t t = test_spawn(setter_pervar, NULL);
    {
        atomicc_pv_t pv __attribute__((cleanup(atomicc_pv_leave)));
        atomicc_pv_init_retry(&pv);
        atomicc_pv_addr(&pv, (const void *)&flag, ATOMICC_R);
        atomicc_pv_enter(&pv);
    __atomicc_restart_1:;
        if (!flag) {
            atomicc_pv_retry(&pv); line_pervar_retry = __LINE__;
            goto __atomicc_restart_1;
        }
    }
    CHECK(pthread_join(t, NULL) == 0);
}

static void *setter_stm(void *arg)
{
    (void)arg;
    test_sleep_ms(HOLD_MS);
    atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
    atomicc_stm_restart_point(__atomicc_tx);
    ATOMICC_TX_STORE(__atomicc_tx, &flag, 1);
    return NULL;
}

static void case_stm_retry(void)
{
    pthread_t t = test_spawn(setter_stm, NULL);
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        if (!ATOMICC_TX_LOAD(__atomicc_tx, &flag)) {
            line_stm_retry = __LINE__; atomicc_stm_retry(__atomicc_tx);
        }
    }
    CHECK(pthread_join(t, NULL) == 0);
}

/* ---- stm: repeated aborts, and a commit that quiesces ---------------------- */

static void *writer_stm(void *arg)
{
    (void)arg;
    double end = test_now() + HOLD_MS / 1000.0;
    while (test_now() < end) {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        ATOMICC_TX_UPDATE(__atomicc_tx, &shared_x, +, 1);
        if (!__atomic_load_n(&holding, __ATOMIC_RELAXED))
            __atomic_store_n(&holding, 1, __ATOMIC_RELEASE);
    }
    __atomic_store_n(&writer_done, 1, __ATOMIC_RELEASE);
    return NULL;
}

static void case_stm_aborts(void)
{
    pthread_t t = test_spawn(writer_stm, NULL);
    wait_holding();
    static unsigned long attempts; /* (not a local: the block restarts by longjmp) */
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point(__atomicc_tx); line_stm_aborts = __LINE__;
        attempts++;
        long x = ATOMICC_TX_LOAD(__atomicc_tx, &shared_x);
        /* until the writer has committed since (or is done): then the
         * commit below fails validation */
        while (__atomic_load_n(&shared_x, __ATOMIC_ACQUIRE) == x && !__atomic_load_n(&writer_done, __ATOMIC_ACQUIRE))
            ;
        ATOMICC_TX_STORE(__atomicc_tx, &shared_y, x);
    }
    CHECK(pthread_join(t, NULL) == 0);
    CHECK(attempts > 10);
}

static void *long_reader(void *arg)
{
    (void)arg;
    atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
    atomicc_stm_restart_point(__atomicc_tx);
    (void)ATOMICC_TX_LOAD(__atomicc_tx, &shared_y);
    __atomic_store_n(&holding, 1, __ATOMIC_RELEASE);
    test_sleep_ms(HOLD_MS); /* a long attempt: the quiescer waits for its end */
    return NULL;
}

static void case_stm_quiesce(void)
{
    static long node;
    {
        /* register this thread before the reader starts (no solo mode then) */
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin();
        atomicc_stm_restart_point(__atomicc_tx);
        ATOMICC_TX_STORE(__atomicc_tx, &shared_p, &node);
    }
    pthread_t t = test_spawn(long_reader, NULL);
    wait_holding();
    {
        atomicc_tx_t *__atomicc_tx __attribute__((cleanup(atomicc_stm_end))) = atomicc_stm_begin(); atomicc_stm_restart_point(__atomicc_tx); line_stm_quiesce = __LINE__;
        ATOMICC_TX_STORE(__atomicc_tx, &shared_p, (long *)NULL); /* a pointer store: the commit quiesces */
    }
    CHECK(pthread_join(t, NULL) == 0);
}

/* ---- the child ------------------------------------------------------------ */

static int run_case(const char *name)
{
    if (!strcmp(name, "global") || !strcmp(name, "global_off") || !strcmp(name, "bad_value")) {
        global_block(0, 0);
        pthread_t t = test_spawn(holder_global, NULL);
        wait_holding();
        global_block(0, 0);
        CHECK(pthread_join(t, NULL) == 0);
        CHECK(shared_x == 4);
    } else if (!strcmp(name, "pervar")) {
        pervar_block(0, 0);
        pthread_t t = test_spawn(holder_pervar, NULL);
        wait_holding();
        pervar_block(0, 0);
        CHECK(pthread_join(t, NULL) == 0);
        CHECK(shared_x == 3);
    } else if (!strcmp(name, "solo")) {
        case_solo();
    } else if (!strcmp(name, "global_retry")) {
        case_global_retry();
    } else if (!strcmp(name, "pervar_retry")) {
        case_pervar_retry();
    } else if (!strcmp(name, "stm_retry")) {
        case_stm_retry();
    } else if (!strcmp(name, "stm_aborts")) {
        case_stm_aborts();
    } else if (!strcmp(name, "stm_quiesce")) {
        case_stm_quiesce();
    } else {
        return 2;
    }
    /* the lines, for the parent (which has not run the blocks) */
    printf("%d %d %d %d %d %d %d %d\n", line_global, line_pervar, line_solo, line_global_retry,
           line_pervar_retry, line_stm_retry, line_stm_aborts, line_stm_quiesce);
    return 0;
}

/* ---- the parent ----------------------------------------------------------- */

struct child {
    const char *name;
    const char *env;          /* ATOMICC_WATCHDOG, or NULL: unset */
    const char *strategy;     /* the expected report: "(STRATEGY, waits for: WHAT" */
    const char *what;         /* NULL: stderr must be empty; "" no report */
    int line_index;           /* which of the printed lines the report names */
    const char *verb;
    pid_t pid;
    char out[64], err[64];
};

static struct child children[] = {
    { "global", "0.2", "global", "the lock word", 0, "enter", 0, "", "" },
    { "pervar", "0.2", "pervar", "an object's lock word", 1, "enter", 0, "", "" },
    { "solo", "0.2", "global", "the block another thread runs alone", 2, "enter", 0, "", "" },
    { "global_retry", "0.2", "global", "retry: another thread's commit", 3, "enter", 0, "", "" },
    { "pervar_retry", "0.2", "pervar", "retry: another thread's commit", 4, "enter", 0, "", "" },
    { "stm_retry", "0.2", "stm", "retry: another thread's commit", 5, "enter", 0, "", "" },
    { "stm_aborts", "0.2", "stm", "its transaction to commit", 6, "enter", 0, "", "" },
    { "stm_quiesce", "0.2", "stm", "the transactions that ran while it committed", 7, "leave", 0, "", "" },
    { "global_off", NULL, NULL, NULL, 0, NULL, 0, "", "" },
    { "global_off", "0", NULL, NULL, 0, NULL, 0, "", "" },
    { "bad_value", "soon", NULL, "", 0, NULL, 0, "", "" },
};
#define NCHILDREN (sizeof children / sizeof children[0])

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    static char bufs[NCHILDREN * 2][4096];
    static unsigned next;
    char *b = bufs[next++ % (NCHILDREN * 2)];
    size_t n = fread(b, 1, 4095, f);
    b[n] = '\0';
    fclose(f);
    return b;
}

static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "child"))
        return run_case(argv[2]);
    for (unsigned i = 0; i < NCHILDREN; i++) {
        struct child *c = &children[i];
        snprintf(c->out, sizeof c->out, "/tmp/atomicc-wd-%d-%u.out", (int)getpid(), i);
        snprintf(c->err, sizeof c->err, "/tmp/atomicc-wd-%d-%u.err", (int)getpid(), i);
        fflush(stdout);
        fflush(stderr);
        c->pid = fork();
        CHECK(c->pid >= 0);
        if (c->pid == 0) {
            int o = open(c->out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
            int e = open(c->err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
            if (o < 0 || e < 0)
                _exit(99);
            dup2(o, 1);
            dup2(e, 2);
            if (c->env)
                setenv("ATOMICC_WATCHDOG", c->env, 1);
            else
                unsetenv("ATOMICC_WATCHDOG");
            unsetenv("ATOMICC_SOLO"); /* the solo case needs single-thread mode */
            execl("/proc/self/exe", argv[0], "child", c->name, (char *)NULL);
            _exit(98);
        }
    }
    int failed = 0;
    for (unsigned i = 0; i < NCHILDREN; i++) {
        struct child *c = &children[i];
        int status;
        CHECK(waitpid(c->pid, &status, 0) == c->pid);
        char *out = slurp(c->out), *err = slurp(c->err);
        unlink(c->out);
        unlink(c->err);
        int lines[8] = { 0 };
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
            sscanf(out, "%d %d %d %d %d %d %d %d", &lines[0], &lines[1], &lines[2], &lines[3], &lines[4],
                   &lines[5], &lines[6], &lines[7]) != 8) {
            fprintf(stderr, "case %s: status %d, stdout '%s', stderr '%s'\n", c->name, status, out, err);
            failed = 1;
            continue;
        }
        if (c->what == NULL) {
            if (err[0]) {
                fprintf(stderr, "case %s (ATOMICC_WATCHDOG=%s): expected no output, got '%s'\n", c->name,
                        c->env ? c->env : "unset", err);
                failed = 1;
            }
            continue;
        }
        if (!c->what[0]) { /* bad value: one warning, no report */
            if (count_of(err, "atomicc: ATOMICC_WATCHDOG='soon' is not a number of seconds") != 1 ||
                strstr(err, "watchdog: thread")) {
                fprintf(stderr, "case %s: expected one warning, got '%s'\n", c->name, err);
                failed = 1;
            }
            continue;
        }
        char want[512];
        snprintf(want, sizeof want, "s to %s the atomic block at %s:%d (%s, waits for: %s", c->verb, __FILE__,
                 lines[c->line_index], c->strategy, c->what);
        /* exactly one report: once per wait, and every case has one long
         * wait; made at the deadline (0.2 s), well before the wait ends */
        const char *w = strstr(err, "has waited ");
        double waited = w ? atof(w + strlen("has waited ")) : 0;
        if (count_of(err, "atomicc: watchdog: thread ") != 1 || !strstr(err, want) || waited < 0.19 ||
            waited > 0.9) {
            fprintf(stderr, "case %s: expected one report with '%s', got '%s'\n", c->name, want, err);
            failed = 1;
        }
    }
    CHECK(!failed);
    puts("ok");
    return 0;
}
