/* (4) dynamic-nesting retry: a retry inside an atomic block of a function
 * called from inside another atomic block restarts the OUTERMOST block
 * through the __builtin_setjmp buffer it registered, after rolling back
 * everything logged since the outermost entry.  Without a registered restart
 * point the runtime must print a diagnostic and abort (checked in a child). */
#include "atomicc_rt.h"
#include "test_common.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define CAP 8
#define NPAIRS (6000 / TEST_SCALE)

static struct {
    int buf[CAP];
    int head, tail, n;
} q;
static int marker;          /* written by the outer block before the pops */
static long outer_restarts; /* not logged: survives restarts */
static long inner_setjmps;

/* atomic { if (q.n == 0) retry; return pop(); }   (callees cannot retry, but
 * the lowering registers a restart point anyway: it must not be used) */
static int pop_or_retry(void)
{
    {
        atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) =
            atomicc_global_enter();
    __atomicc_restart_1:;
        if (__builtin_setjmp(*atomicc_global_jmpbuf(&__atomicc_g1))) {
            inner_setjmps++;   /* never: restarts go to the outermost block */
        }
        {
            CHECK(__atomicc_g1.depth >= 2);
            if (q.n == 0) {
                atomicc_global_retry(&__atomicc_g1);
                goto __atomicc_restart_1;
            }
            int v = q.buf[q.head];
            *ATOMICC_LOGW(&(q.head)) = (q.head + 1) % CAP;
            *ATOMICC_LOGW(&(q.n)) = q.n - 1;
            return v;
        }
    }
}

/* A middle layer with its own block (depth 2), so the retry runs at depth 3. */
static int middle(void)
{
    {
        atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) =
            atomicc_global_enter();
    __atomicc_restart_1: __attribute__((unused));
        if (__builtin_setjmp(*atomicc_global_jmpbuf(&__atomicc_g1))) {
            inner_setjmps++;
        }
        {
            *ATOMICC_LOGW(&(marker)) = marker + 10;
            return pop_or_retry();
        }
    }
}

/* atomic { marker = 1; a = pop(); b = pop(); marker = 0; } : both or none. */
static void pop_pair(int *a, int *b)
{
    {
        atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) =
            atomicc_global_enter();
    __atomicc_restart_1: __attribute__((unused));
        if (__builtin_setjmp(*atomicc_global_jmpbuf(&__atomicc_g1))) {
            /* restarted from a nested retry */
            outer_restarts++;
            CHECK(__atomicc_g1.depth == 1);
        }
        {
            CHECK(marker == 0);   /* rolled back by the restart */
            *ATOMICC_LOGW(&(marker)) = 1;
            *a = pop_or_retry();
            *b = middle();
            *ATOMICC_LOGW(&(marker)) = 0;
        }
    }
}

static void push(int v)
{
    {
        atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) =
            atomicc_global_enter();
    __atomicc_restart_1:;
        {
            if (q.n == CAP) {
                atomicc_global_retry(&__atomicc_g1);
                goto __atomicc_restart_1;
            }
            *ATOMICC_LOGW(&(q.buf[q.tail])) = v;
            *ATOMICC_LOGW(&(q.tail)) = (q.tail + 1) % CAP;
            *ATOMICC_LOGW(&(q.n)) = q.n + 1;
        }
    }
}

static void *consumer(void *arg)
{
    (void)arg;
    long sum = 0;
    for (int i = 0; i < NPAIRS; i++) {
        int a, b;
        pop_pair(&a, &b);
        /* one producer pushes 1, 2, 3, ... in order: pairs are consecutive */
        CHECK(a == 2 * i + 1 && b == 2 * i + 2);
        sum += a + b;
    }
    return (void *)sum;
}

/* A nested retry whose outermost block registered no restart point. */
static void unregistered_child(void)
{
    atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) =
        atomicc_global_enter();
__atomicc_restart_1: __attribute__((unused));
    {
        (void)pop_or_retry(); /* the queue is empty: retries at depth 2 */
    }
    _exit(0); /* not reached */
}

static void check_unregistered_aborts(void)
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
        unregistered_child();
    }
    close(fd[1]);
    char msg[512];
    size_t len = 0;
    ssize_t r;
    while (len < sizeof msg - 1 && (r = read(fd[0], msg + len, sizeof msg - 1 - len)) > 0)
        len += (size_t)r;
    msg[len] = '\0';
    close(fd[0]);
    int status;
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
    CHECK(strstr(msg, "atomicc: retry inside a nested atomic block whose outermost "
                      "block cannot restart\n") == msg);
}

/* Many nested restarts in one thread: more than ThreadSanitizer's shadow
 * call stack holds (65,536 frames) if restarts leaked shadow frames. */
#define MANY 70000
static int gate;
static long many_attempts;

static void *committer(void *arg)
{
    (void)arg;
    for (;;) {
        atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) =
            atomicc_global_enter();
    __atomicc_restart_1: __attribute__((unused));
        {
            if (gate)
                return NULL;
        }
    }
}

static void retry_until_gate(void)
{
    {
        atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) =
            atomicc_global_enter();
    __atomicc_restart_1:;
        {
            if (!gate) {
                atomicc_global_retry(&__atomicc_g1);
                goto __atomicc_restart_1;
            }
        }
    }
}

static void many_restarts(void)
{
    pthread_t t = test_spawn(committer, NULL);
    {
        atomicc_guard_t __atomicc_g1 __attribute__((cleanup(atomicc_global_leave))) =
            atomicc_global_enter();
    __atomicc_restart_1: __attribute__((unused));
        if (__builtin_setjmp(*atomicc_global_jmpbuf(&__atomicc_g1))) {
        }
        {
            many_attempts++;
            if (many_attempts >= MANY)
                *ATOMICC_LOGW(&(gate)) = 1;
            retry_until_gate();
        }
    }
    pthread_join(t, NULL);
    CHECK(many_attempts == MANY && gate == 1);
}

int main(void)
{
    check_unregistered_aborts(); /* before any thread exists */

    push(1);
    pthread_t t = test_spawn(consumer, NULL);
    test_sleep_ms(30);  /* the consumer popped 1, then retried on the empty queue */
    for (int v = 2; v <= 2 * NPAIRS; v++)
        push(v);
    void *r;
    pthread_join(t, &r);
    CHECK((long)r == (long)(2 * NPAIRS) * (2 * NPAIRS + 1) / 2);
    CHECK(outer_restarts >= 1);
    CHECK(inner_setjmps == 0);
    CHECK(marker == 0 && q.n == 0);

    many_restarts();
    if (getenv("ATOMICC_TEST_VERBOSE"))
        fprintf(stderr, "outer restarts %ld\n", outer_restarts);
    puts("ok");
    return 0;
}
