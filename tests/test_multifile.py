"""Multi-file Atomic C programs (tests/multifile/<name>/) under every strategy.

Each directory is one program: all of its `.c` files, plus local headers
included as `#include "x.h"`.  Its main.c carries the expected stdout
(`// EXPECT:` lines) and the strategies that must be accepted when forced
for the whole program (`// LEGAL: global pervar ...`).  The compiler sees
the program as a whole: calls into another file are not irrevocable, a
`static` is private to its file, `retry` may sit in a library function
that is only called from blocks, and function pointers stored in fields,
arrays and heap objects resolve to the functions assigned to them.

For each program, strategy and build mode:
  * a strategy in LEGAL (and `auto`) must build, and the program must
    print exactly its EXPECT lines and exit 0 (a refusal is a failure);
  * any other strategy must be refused exactly as REFUSED below records it:
    exit status 1, only refusals, the first one in the recorded file, at the
    recorded block, with the recorded reason (one the legality rules of
    docs/strategies.md give).  With separate compilation the first refusal
    can come from another unit than with the whole program.
Build modes, both run from a scratch directory (absolute source paths, no
-I for the program's own directory):
  * together: `atomicc cc --strategy=S -O1 a.c b.c ... -o prog`;
  * separate: `atomicc cc --strategy=S -O1 -c a.c -o a.o` per file, then
    `atomicc cc --strategy=S a.o b.o ... -o prog`.
Runs set ATOMICC_SOLO=0 (no single-thread fast path) and a 20 s timeout (180 s under ThreadSanitizer).
Every program is also built together with ThreadSanitizer under global,
pervar and stm where legal; it must print its EXPECT lines and report
nothing.

The builds are independent, so a session fixture runs all the selected
ones on a thread pool (one worker per CPU) and waits; each test then runs
its program alone, so that the threads really overlap.
"""

import concurrent.futures
import os
import re
import subprocess

import pytest

from conftest import FORCEABLE, ONE_LOCATION, ONE_UPDATE, TESTS, atomicc, check_refusal, expected_output

MULTIFILE = os.path.join(TESTS, "multifile")
PROGRAMS = sorted(d for d in os.listdir(MULTIFILE)
                  if os.path.isfile(os.path.join(MULTIFILE, d, "main.c")))
STRATEGIES = ["auto", "global", "pervar", "stm", "atomic-op"]
MODES = ["together", "separate"]
TSAN_STRATEGIES = ["global", "pervar", "stm"]
RUN_TIMEOUT = 20        # seconds; every program finishes in well under 1 s when correct
TSAN_RUN_TIMEOUT = 180  # ThreadSanitizer runs 5-15x slower (many_locations under stm: ~35 s on a loaded 2-core box)
BUILD_TIMEOUT = 600


def sources(name):
    d = os.path.join(MULTIFILE, name)
    return sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".c"))


def legal_line(name):
    """The strategies main.c's `// LEGAL:` line lists, or None without one."""
    with open(os.path.join(MULTIFILE, name, "main.c"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^// LEGAL:(.*)$", line.rstrip("\n"))
            if m:
                return set(m.group(1).split())
    return None


def legal(name):
    """The strategies that must be accepted: the LEGAL line, global and auto."""
    return (legal_line(name) or set()) | {"global", "auto"}


# (program, strategy[, mode]) -> (file, LINE:COL, reason) of the first refusal,
# for every strategy not in the program's LEGAL line (and nothing else)
REFUSED = {
    ("bank_accessor", "atomic-op"): ("audit.c", "7:5", ONE_UPDATE),
    ("bitfield_lib", "stm", "together"): (
        "main.c", "35:13", "it accesses the bit-field 'lo', which has no address for the STM to track"),
    ("bitfield_lib", "stm", "separate"): (
        "pack.c", "20:5", "it accesses the bit-field 'lo', which has no address for the STM to track"),
    ("bitfield_lib", "atomic-op"): ("main.c", "35:13", ONE_UPDATE),
    ("counter_shapes", "atomic-op", "together"): ("bump.c", "6:5", ONE_LOCATION),
    ("counter_shapes", "atomic-op", "separate"): ("main.c", "32:17", ONE_UPDATE),
    ("flags_names", "atomic-op"): ("hdr.c", "17:5", ONE_LOCATION),
    ("handler_registry", "atomic-op", "together"): ("ctx.c", "13:5", ONE_LOCATION),
    ("handler_registry", "atomic-op", "separate"): ("main.c", "34:13", ONE_UPDATE),
    ("hash_table", "atomic-op"): ("hash.c", "26:5", ONE_UPDATE),
    ("heap_lists", "atomic-op", "together"): ("alloc.c", "12:5", ONE_LOCATION),
    ("heap_lists", "atomic-op", "separate"): ("lists.c", "9:5", ONE_UPDATE),
    ("inline_header", "atomic-op"): ("main.c", "60:9", ONE_UPDATE),
    ("irrevocable_log", "stm"): ("counter.c", "12:5",
                                 "it calls 'printf' (called through milestone), which cannot be rolled back"),
    ("irrevocable_log", "atomic-op"): ("counter.c", "12:5", ONE_UPDATE),
    ("many_locations", "atomic-op"): ("arrays.c", "12:5", ONE_UPDATE),
    ("matrix_fields", "atomic-op"): ("board.c", "14:5", ONE_UPDATE),
    ("nested_levels", "atomic-op"): ("level1.c", "8:5", ONE_UPDATE),
    ("queue_retry", "atomic-op"): ("main.c", "42:9", ONE_UPDATE),
    ("shadowing", "atomic-op"): ("lib.c", "20:5", ONE_UPDATE),
    ("sorted_set", "atomic-op"): ("main.c", "37:13", ONE_UPDATE),
    ("static_names", "atomic-op"): ("a.c", "15:5", ONE_UPDATE),
    ("struct_copies", "atomic-op", "together"): ("main.c", "36:9", ONE_LOCATION),
    ("struct_copies", "atomic-op", "separate"): ("main.c", "43:9", ONE_UPDATE),
    ("task_pool", "atomic-op"): ("main.c", "48:9", ONE_UPDATE),
    ("unknown_fnptr", "pervar"): ("main.c", "31:9", "the call at main.c:32:22 goes through a function pointer that "
                                  "may hold a function from outside the program (a pointer a library function "
                                  "returned), so its locations are unknown"),
    ("unknown_fnptr", "stm"): ("main.c", "31:9", "it calls through the function pointer 'magnitude', which may hold "
                               "a function from outside the program (a pointer a library function returned), which "
                               "has no transactional clone"),
    ("unknown_fnptr", "atomic-op"): ("main.c", "31:9", ONE_UPDATE),
}


def recorded_refusal(name, strategy, mode):
    return REFUSED.get((name, strategy, mode)) or REFUSED.get((name, strategy))


def refusal(strategy):
    return re.compile(r"^(\S+\.c):\d+:\d+: error: strategy '%s' cannot be used\b" % re.escape(strategy),
                      re.MULTILINE)


class Build:
    """What building one (program, strategy, mode) did: the steps run and the executable."""

    def __init__(self, exe):
        self.exe = exe
        self.steps = []         # (argv, CompletedProcess)

    @property
    def failed(self):
        """The first step that failed, or None."""
        for argv, p in self.steps:
            if p.returncode != 0:
                return argv, p
        return None

    def log(self):
        return "\n".join("$ atomicc %s\n[exit %s]\n%s" % (" ".join(argv), p.returncode, p.stderr[-3000:])
                         for argv, p in self.steps)


def _step(b, cwd, *argv):
    p = atomicc(*argv, cwd=cwd, timeout=BUILD_TIMEOUT)
    b.steps.append((argv, p))
    return p.returncode == 0


def _build(root, name, strategy, mode):
    """Build one program from a scratch directory of its own; returns a Build."""
    cwd = os.path.join(root, "%s.%s.%s" % (name, strategy, mode))
    os.makedirs(cwd)
    exe = os.path.join(cwd, "prog")
    b = Build(exe)
    srcs = sources(name)
    s = "--strategy=" + strategy
    if mode == "together":
        _step(b, cwd, "cc", s, "-O1", *srcs, "-o", exe)
    elif mode == "tsan":
        _step(b, cwd, "cc", s, "-O1", "-g", "-fsanitize=thread", *srcs, "-o", exe)
    else:
        objs = []
        for src in srcs:
            obj = os.path.join(cwd, os.path.basename(src)[:-2] + ".o")
            if not _step(b, cwd, "cc", s, "-O1", "-c", src, "-o", obj):
                return b
            objs.append(obj)
        _step(b, cwd, "cc", s, *objs, "-o", exe)
    return b


def _wanted_keys(request):
    keys = set()
    for item in request.session.items:
        cs = getattr(item, "callspec", None)
        if cs is None or item.module.__name__ != __name__:
            continue
        p = cs.params
        if "name" in p and "strategy" in p:
            mode = "tsan" if item.originalname == "test_multifile_tsan_silent" else p.get("mode")
            keys.add((p["name"], p["strategy"], mode))
    return keys


@pytest.fixture(scope="session")
def multifile_builds(request, tmp_path_factory):
    """Futures of a Build for every (program, strategy, mode) this session selected."""
    root = str(tmp_path_factory.mktemp("multifile"))
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2)
    # the slowest first: ThreadSanitizer, then the separate builds
    order = {"tsan": 0, "separate": 1, "together": 2}
    keys = sorted(_wanted_keys(request), key=lambda k: (order[k[2]], k))
    futures = {k: pool.submit(_build, root, *k) for k in keys}
    concurrent.futures.wait(futures.values())      # then run on a quiet machine
    yield futures
    pool.shutdown(wait=True, cancel_futures=True)


def _run(exe, timeout=RUN_TIMEOUT):
    env = dict(os.environ, ATOMICC_SOLO="0", TSAN_OPTIONS="halt_on_error=1 exitcode=66")
    try:
        p = subprocess.run([exe], capture_output=True, text=True, timeout=timeout, env=env,
                           cwd=os.path.dirname(exe))
        return p.returncode, p.stdout, p.stderr, False
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        return None, out, "", True


def _check_runs(b, name, strategy, mode):
    bad = b.failed
    if bad is not None:
        argv, p = bad
        m = refusal(strategy).search(p.stderr)
        what = "refused" if (p.returncode == 1 and m) else "failed to build"
        pytest.fail("%s --strategy=%s (%s) %s, but %s is legal for it:\n%s"
                    % (name, strategy, mode, what, strategy, b.log()))
    limit = TSAN_RUN_TIMEOUT if mode == "tsan" else RUN_TIMEOUT
    rc, out, err, hung = _run(b.exe, limit)
    assert not hung, "%s --strategy=%s (%s) did not finish in %d s; stdout so far:\n%s" % (
        name, strategy, mode, limit, out)
    assert "ThreadSanitizer" not in err, err[:6000]
    assert rc == 0, "exit %s\nstdout:\n%s\nstderr:\n%s" % (rc, out, err[:4000])
    assert out.splitlines() == expected_output(os.path.join(MULTIFILE, name, "main.c")), (
        "%s --strategy=%s (%s): wrong output" % (name, strategy, mode))


def _check_refused(b, name, strategy, mode):
    bad = b.failed
    assert bad is not None, ("%s --strategy=%s (%s) built, but %s is not legal for this program "
                             "(main.c's LEGAL line); it must be refused:\n%s" % (name, strategy, mode, strategy, b.log()))
    argv, p = bad
    f, where, reason = recorded_refusal(name, strategy, mode)
    check_refusal(p.stderr, p.returncode, strategy, where, reason, file=f)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("name", PROGRAMS)
def test_multifile(multifile_builds, name, strategy, mode):
    b = multifile_builds[(name, strategy, mode)].result()
    if strategy in legal(name):
        _check_runs(b, name, strategy, mode)
    else:
        _check_refused(b, name, strategy, mode)


TSAN_CASES = [(n, s) for n in PROGRAMS for s in TSAN_STRATEGIES if s in legal(n)]


@pytest.mark.parametrize("name,strategy", TSAN_CASES)
def test_multifile_tsan_silent(multifile_builds, tsan, name, strategy):
    _check_runs(multifile_builds[(name, strategy, "tsan")].result(), name, strategy, "tsan")


def test_multifile_programs_are_well_formed():
    """Each program: 2-6 .c files and a main.c that says what it covers, prints and allows."""
    assert len(PROGRAMS) >= 14
    for name in PROGRAMS:
        d = os.path.join(MULTIFILE, name)
        srcs = sources(name)
        assert 2 <= len(srcs) <= 6, (name, srcs)
        assert set(os.listdir(d)) <= {os.path.basename(s) for s in srcs} | {
            f for f in os.listdir(d) if f.endswith(".h")}, name
        with open(os.path.join(d, "main.c"), encoding="utf-8") as f:
            text = f.read()
        assert text.startswith("/*"), name
        assert expected_output(os.path.join(d, "main.c")), name
        allowed = legal_line(name)
        assert allowed and "global" in allowed and allowed <= set(STRATEGIES), (name, allowed)
        for s in FORCEABLE:        # each forced strategy: runs, or its refusal is recorded
            for mode in MODES:
                assert (s in allowed) != bool(recorded_refusal(name, s, mode)), (name, s, mode)
        program = ""
        for src in srcs:
            with open(src, encoding="utf-8") as f:
                program += f.read()
        # threads start behind a gate (in main.c, or in a library file of the program)
        assert "pthread_create" in program and "pthread_barrier_wait" in program, name
        assert re.search(r"\batomic\s*\{", program), name
