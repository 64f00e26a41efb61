"""The C runtime's own tests (runtime_c/tests/run.sh): plain, -O0 and TSan builds."""

import os
import re
import subprocess

from conftest import ROOT, atomicc


def test_runtime_c_suite():
    p = subprocess.run(["bash", os.path.join(ROOT, "runtime_c", "tests", "run.sh")], capture_output=True,
                       text=True, timeout=900, cwd=ROOT)
    assert p.returncode == 0, p.stdout[-4000:] + p.stderr[-4000:]
    assert "all" in p.stdout and "passed" in p.stdout


# ---- ATOMICC_WATCHDOG, end to end (atomicc cc) --------------------------------
# One thread holds a `global` block for 3 s while the main thread waits to
# enter one; with ATOMICC_WATCHDOG=1 the waiter reports once, naming the
# block's line in the Atomic C source; without it nothing is printed.  And a
# thread that waits in `retry` for 2 s (every strategy that has retry)
# reports the retry statement's line.

HOLD_PROGRAM = r"""#include <pthread.h>
#include <stdio.h>
#include <time.h>

static long x;
static int holding;

static void *holder(void *arg)
{
    (void)arg;
    atomic { x++; }
    atomic {
        __atomic_store_n(&holding, 1, __ATOMIC_RELEASE);
        struct timespec ts = { 3, 0 };
        nanosleep(&ts, NULL);
        x++;
    }
    return NULL;
}

int main(void)
{
    pthread_t t;
    atomic { x++; }
    pthread_create(&t, NULL, holder, NULL);
    while (!__atomic_load_n(&holding, __ATOMIC_ACQUIRE)) {
        struct timespec ts = { 0, 1000000 };
        nanosleep(&ts, NULL);
    }
    atomic { x++; }   /* WAITS HERE */
    pthread_join(t, NULL);
    printf("%ld\n", x);
    return 0;
}
"""

RETRY_PROGRAM = r"""#include <pthread.h>
#include <stdio.h>
#include <time.h>

static int flag;

static void *setter(void *arg)
{
    (void)arg;
    struct timespec ts = { 2, 0 };
    nanosleep(&ts, NULL);
    atomic { flag = 1; }
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, setter, NULL);
    atomic {
        if (!flag)
            retry;   /* WAITS HERE */
    }
    pthread_join(t, NULL);
    puts("done");
    return 0;
}
"""


def _line_of(text, marker):
    return next(i for i, line in enumerate(text.splitlines(), 1) if marker in line)


def test_watchdog_reports_block_location(tmp_path):
    progs = {}
    for name, text, strategies in (("hold", HOLD_PROGRAM, ("global",)),
                                   ("retry", RETRY_PROGRAM, ("global", "pervar", "stm"))):
        (tmp_path / (name + ".c")).write_text(text)
        for strategy in strategies:
            exe = str(tmp_path / ("%s_%s" % (name, strategy)))
            r = atomicc("cc", name + ".c", "--strategy=" + strategy, "-O2", "-pthread", "-o", exe, cwd=str(tmp_path))
            assert r.returncode == 0, r.stderr
            progs[(name, strategy)] = exe
    runs = {}
    for (name, strategy), exe in progs.items():
        for watchdog in ("1", None):
            if name == "retry" and watchdog is None:
                continue
            env = dict(os.environ)
            env.pop("ATOMICC_WATCHDOG", None)
            if watchdog:
                env["ATOMICC_WATCHDOG"] = watchdog
            runs[(name, strategy, watchdog)] = subprocess.Popen([exe], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                                                text=True, env=env, cwd=str(tmp_path))
    for (name, strategy, watchdog), p in runs.items():
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, (name, strategy, err)
        assert out == ("4\n" if name == "hold" else "done\n")
        if watchdog is None:
            assert err == "", (name, strategy, err)
            continue
        line = _line_of(HOLD_PROGRAM if name == "hold" else RETRY_PROGRAM, "WAITS HERE")
        what = "the lock word" if name == "hold" else "retry: another thread's commit"
        pattern = (r"atomicc: watchdog: thread \d+ has waited (\d+\.\d) s to enter the atomic block at %s\.c:%d "
                   r"\(%s, waits for: %s" % (name, line, strategy, re.escape(what)))
        m = re.match(pattern, err)
        assert len(err.splitlines()) == 1 and m, (name, strategy, err)
        assert 1.0 <= float(m.group(1)) < 2.0, err  # reported at the limit, long before the wait ends
