"""Does ThreadSanitizer work here, and how must its programs be started?

The one check used by the test suite (tests/conftest.py's `tsan` fixture)
and by CI (.ci/run).  Working means detecting, not just linking: a tiny
program with a deliberate data race must be REPORTED, and a race-free one
must run silently.

Some kernels place mappings where gcc's TSan runtime does not expect them
(ASLR with more random bits than it knows) and every TSan program dies with
"unexpected memory mapping".  Such programs run with address randomisation
off (`setarch ARCH -R`); the personality is inherited by child processes,
so running the whole test session under that prefix is enough.

    python tests/tsan_probe.py            # exit 0 if TSan works as is, else 1 and why
    python tests/tsan_probe.py --prefix   # print the prefix TSan programs need
                                          # ("" or "setarch x86_64 -R"); exit 1 if none works
"""

import os
import platform
import shutil
import subprocess
import sys
import tempfile

RACY = r"""
#include <pthread.h>
#include <stdio.h>
static long shared;
static void *worker(void *arg) { shared++; return arg; }
int main(void) {
    pthread_t t;
    pthread_create(&t, 0, worker, 0);
    shared++;                     /* no lock, no ordering with the worker: a race */
    pthread_join(t, 0);
    printf("%ld\n", shared);
    return 0;
}
"""

CLEAN = r"""
#include <pthread.h>
#include <stdio.h>
static long shared;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static void *worker(void *arg) { pthread_mutex_lock(&m); shared++; pthread_mutex_unlock(&m); return arg; }
int main(void) {
    pthread_t t;
    pthread_create(&t, 0, worker, 0);
    pthread_mutex_lock(&m); shared++; pthread_mutex_unlock(&m);
    pthread_join(t, 0);
    printf("%ld\n", shared);
    return 0;
}
"""

RACE_REPORT = "WARNING: ThreadSanitizer: data race"


def aslr_prefix():
    """The command prefix that starts a program with address randomisation off,
    or None where setarch is missing."""
    exe = shutil.which("setarch")
    return [exe, platform.machine(), "-R"] if exe else None


def probe(prefix=(), cc=None):
    """Build and run the racy and the clean program under `prefix`.
    Returns (works, explanation); the explanation carries the compiler's or
    the program's own output when something is wrong."""
    cc = cc or os.environ.get("CC", "gcc")
    with tempfile.TemporaryDirectory(prefix="atomicc-tsan-probe.") as tmp:
        results = {}
        for name, text in (("racy", RACY), ("clean", CLEAN)):
            src = os.path.join(tmp, name + ".c")
            exe = os.path.join(tmp, name)
            with open(src, "w", encoding="utf-8") as f:
                f.write(text)
            try:
                c = subprocess.run([cc, "-fsanitize=thread", "-g", "-O1", "-pthread", src, "-o", exe],
                                   capture_output=True, text=True, timeout=120)
            except (OSError, subprocess.TimeoutExpired) as e:
                return False, "%s -fsanitize=thread could not run: %s" % (cc, e)
            if c.returncode != 0:
                return False, "%s -fsanitize=thread cannot build a program (exit %d):\n%s" % (
                    cc, c.returncode, c.stderr.strip())
            try:
                r = subprocess.run([*prefix, exe], capture_output=True, text=True, timeout=120,
                                   env=dict(os.environ, TSAN_OPTIONS="exitcode=66"))
            except (OSError, subprocess.TimeoutExpired) as e:
                return False, "the %s probe program could not run%s: %s" % (
                    name, " under '%s'" % " ".join(prefix) if prefix else "", e)
            results[name] = r
    racy, clean = results["racy"], results["clean"]
    under = " under '%s'" % " ".join(prefix) if prefix else ""
    if RACE_REPORT not in racy.stderr:
        return False, ("a program with a data race ran%s without a ThreadSanitizer report (exit %d):\n%s"
                       % (under, racy.returncode, (racy.stdout + racy.stderr).strip()[-3000:]))
    if clean.returncode != 0 or clean.stderr.strip() or clean.stdout != "2\n":
        return False, ("a race-free program failed%s under ThreadSanitizer (exit %d):\n%s"
                       % (under, clean.returncode, (clean.stdout + clean.stderr).strip()[-3000:]))
    return True, "ThreadSanitizer reports a deliberate race and nothing on a race-free program" + under


def find_prefix():
    """([] or the setarch prefix, explanation) if TSan works one way, else (None, why not)."""
    ok, why = probe()
    if ok:
        return [], why
    alt = aslr_prefix()
    if alt is not None:
        ok2, why2 = probe(alt)
        if ok2:
            return alt, why2
        why += "\n\nwith address randomisation off (%s) it does not work either:\n%s" % (" ".join(alt), why2)
    return None, why


def main(argv):
    if argv[1:] == ["--prefix"]:
        prefix, why = find_prefix()
        if prefix is None:
            print("ThreadSanitizer does not work on this machine:\n" + why, file=sys.stderr)
            return 1
        print(" ".join(prefix))
        return 0
    if argv[1:]:
        print("usage: python tests/tsan_probe.py [--prefix]", file=sys.stderr)
        return 2
    ok, why = probe()
    print(why, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
