"""Large programs in the styles of real projects (tests/realprog/gen.py).

Two generated programs, each in an Atomic C variant (atomic blocks, retry in
helpers only called from blocks) and a plain pthread variant that carries
three injected bugs:

  * an amalgamation: one ~10,000-line file (vm, buffers, K&R code, driver
    tables, bit-field records, parsers; queues, caches, banks, event loops,
    worker pools, counters), its interface functions `static`;
  * a multi-file program: the same kinds of modules over 20 .c files and a
    shared header.

For each:
  (a) the frontend parses the `gcc -E` output, every module's entry point is
      a function of the tree;
  (b) `atomicc --reprint` output reparses to the same tree, compiles with
      gcc without warnings and the program prints the same output (the
      pthread variant against gcc on the original, also as gnu89 code; the
      Atomic C variant through `atomicc cc`);
  (c) `atomicc lint` on the pthread variant reports exactly the findings
      gen.expected_findings() lists (the injected data race, lock-order
      cycle and leaked lock, the other end of the race, the findings that
      follow from the leak, and one recorded false alarm: a double-lock
      after the leak, as the linter does not tie the held lock to the error
      code that makes the caller leave its loop); on the Atomic C variant
      it reports nothing;
  (d) `atomicc cc` builds the Atomic C variant with every strategy
      (multi-file: together, and `-c` per file then a link) without a
      warning at -Wall -Wextra, and every build prints the same checksum,
      with the program's own checks passing (`errors: 0`, exit 0);
  (e) one strategy under ThreadSanitizer reports nothing.

Bugs these programs found have small regression programs in
tests/realprog/regress/: pthread programs the linter must pass clean
(`*.c`) and Atomic C programs that must print their EXPECT lines under every
strategy (`atomic_*.c`).

The builds are independent: a module fixture runs them all on a thread pool
(one worker per CPU) and the tests look at the results.  Runs set
ATOMICC_SOLO=0 (no single-thread fast path).
"""

import concurrent.futures
import json
import os
import re
import subprocess
import sys

import pytest

from atomicc.driver import Frontend
from atomicc.frontend import ast as A
from atomicc.frontend.build import declarator_name
from atomicc.frontend.parser import Parser
from conftest import TESTS, atomicc, expected_output

sys.path.insert(0, os.path.join(TESTS, "realprog"))
import gen  # noqa: E402

AMALGAMATION_LINES = 10000
MULTI_LINES = 3000
MULTI_FILES = 20
STRATEGIES = ["global", "pervar", "stm", "auto"]
TSAN_STRATEGY = "stm"
STD = "-std=gnu11"
RUN_TIMEOUT = 60            # seconds; every program finishes in well under 1 s
TSAN_RUN_TIMEOUT = 240
BUILD_TIMEOUT = 900
ENV = dict(os.environ, ATOMICC_SOLO="0")
OUTPUT = re.compile(r"\Amodules: (\d+)\nchecksum: ([0-9a-f]{16})\nerrors: 0\n\Z")

PROGRAMS = {
    "amalgamation": dict(lines=AMALGAMATION_LINES, layout="amalgamation"),
    "multi": dict(lines=MULTI_LINES, layout="multi", files=MULTI_FILES),
}


class Written:
    def __init__(self, prog, outdir):
        self.prog = prog
        self.dir = outdir
        prog.write(outdir)
        self.sources = [os.path.join(outdir, f) for f in prog.sources()]


@pytest.fixture(scope="module")
def progs(tmp_path_factory):
    """(layout, variant) -> Written program."""
    out = {}
    for layout, kw in PROGRAMS.items():
        for variant in ("atomic", "pthread"):
            d = str(tmp_path_factory.mktemp("%s-%s" % (layout, variant)))
            out[layout, variant] = Written(gen.generate(variant=variant, bugs=variant == "pthread", **kw), d)
    return out


def _step(log, cmd, cwd, warnings_ok=False):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=BUILD_TIMEOUT)
    log.append("$ %s\n%s%s" % (" ".join(cmd), p.stdout, p.stderr))
    if p.returncode != 0 or ("warning:" in p.stderr and not warnings_ok):
        raise AssertionError("\n".join(log)[-6000:])
    return p


def _atomicc_cc(*args):
    return [sys.executable, "-m", "atomicc", "cc", STD, "-O1", "-Wall", "-Wextra", *args]


def build_together(w, strategy, exe, extra=(), warnings_ok=False):
    log = []
    _step(log, _atomicc_cc("--strategy=" + strategy, *extra, *w.sources, "-o", exe), w.dir, warnings_ok)
    return exe


def build_separate(w, strategy, exe):
    log, objs = [], []
    for src in w.sources:
        obj = os.path.join(os.path.dirname(exe), os.path.basename(src)[:-2] + "." + strategy + ".o")
        _step(log, _atomicc_cc("--strategy=" + strategy, "-c", src, "-o", obj), w.dir)
        objs.append(obj)
    _step(log, [sys.executable, "-m", "atomicc", "cc", "--strategy=" + strategy, *objs, "-o", exe], w.dir)
    return exe


def run(exe, timeout=RUN_TIMEOUT, env=ENV):
    p = subprocess.run([exe], capture_output=True, text=True, timeout=timeout, env=env)
    return p


@pytest.fixture(scope="module")
def builds(progs, tmp_path_factory):
    """(layout, strategy, mode) -> executable path or the exception its build raised."""
    bdir = str(tmp_path_factory.mktemp("builds"))
    jobs = {}
    for layout in PROGRAMS:
        w = progs[layout, "atomic"]
        for s in STRATEGIES:
            jobs[layout, s, "together"] = (build_together, w, s, os.path.join(bdir, "%s-%s-t" % (layout, s)))
            if layout == "multi":
                jobs[layout, s, "separate"] = (build_separate, w, s, os.path.join(bdir, "%s-%s-s" % (layout, s)))
    out = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        futs = {k: pool.submit(*v) for k, v in jobs.items()}
        for k, f in futs.items():
            try:
                out[k] = f.result()
            except Exception as e:          # reported by the test of that build
                out[k] = e
    return out


def checksum_of(p):
    assert p.returncode == 0, p.stdout + p.stderr
    m = OUTPUT.match(p.stdout)
    assert m, p.stdout + p.stderr
    return m.group(2)


# ---------------------------------------------------------------------------
# (a) the frontend
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("layout", sorted(PROGRAMS))
def test_frontend_parses(progs, layout):
    w = progs[layout, "atomic"]
    defined = set()
    lines = 0
    for src in w.sources:
        fe = Frontend(src, [STD])
        lines += fe.text.count("\n")
        defined |= {declarator_name(n.decl) for n in A.walk(fe.tu) if type(n) is A.FuncDef}
    entry = {m.name + ("_selftest" if m.call else "_finish") for m in w.prog.modules}
    assert entry <= defined, sorted(entry - defined)[:10]
    assert "main" in defined and "rp_kr_hash" in defined
    assert lines > w.prog.lines()


# ---------------------------------------------------------------------------
# (b) the round trip
# ---------------------------------------------------------------------------

def reprint(src, outdir, same_tree=True):
    """`atomicc --reprint SRC` into outdir; with same_tree, the output is checked to reparse to
    the tree of the original.  Returns the output's path."""
    out = os.path.join(outdir, os.path.basename(src))
    r = atomicc("--reprint", STD, src, "-o", out, cwd=os.path.dirname(src))
    assert r.returncode == 0, r.stderr
    if same_tree:
        with open(out, encoding="utf-8") as f:
            tu2, _ = Parser().parse(f.read(), out)
        assert A.dump(Frontend(src, [STD]).tu, spans=False) == A.dump(tu2, spans=False)
    return out


@pytest.mark.parametrize("layout", sorted(PROGRAMS))
def test_roundtrip_pthread(progs, layout, tmp_path):
    w = progs[layout, "pthread"]
    orig = str(tmp_path / "orig")
    p = subprocess.run(["gcc", STD, "-O1", "-Wall", "-pthread", *w.sources, "-o", orig], capture_output=True,
                       text=True, timeout=BUILD_TIMEOUT)
    assert p.returncode == 0 and "warning" not in p.stderr, p.stderr[:3000]
    outdir = tmp_path / "reprint"
    outdir.mkdir()
    # The tree comparison for the amalgamation (the multi-file units hold the same kinds of code).
    reprinted = [reprint(s, str(outdir), same_tree=layout == "amalgamation") for s in w.sources]
    again = str(tmp_path / "again")
    p = subprocess.run(["gcc", STD, "-O1", "-Wall", "-pthread", *reprinted, "-o", again], capture_output=True,
                       text=True, timeout=BUILD_TIMEOUT)
    assert p.returncode == 0 and "warning" not in p.stderr, p.stderr[:3000]
    first, second = run(orig), run(again)
    checksum_of(first)
    assert (first.returncode, first.stdout, first.stderr) == (second.returncode, second.stdout, second.stderr)


def test_roundtrip_gnu89(tmp_path):
    """The K&R definitions and old-style declarations as gnu89 code: parsed with -std=gnu89
    headers, reprinted, built by gcc -std=gnu89, same output."""
    w = Written(gen.generate(lines=3000, variant="pthread", seed=89), str(tmp_path / "src"))
    src = w.sources[0]
    flags = ["-std=gnu89", "-O1", "-Wall", "-pthread"]
    out = str(tmp_path / "reprint.c")
    r = atomicc("--reprint", "-std=gnu89", src, "-o", out)
    assert r.returncode == 0, r.stderr
    with open(out, encoding="utf-8") as f:
        tu2, _ = Parser().parse(f.read(), out)
    assert A.dump(Frontend(src, ["-std=gnu89"]).tu, spans=False) == A.dump(tu2, spans=False)
    exes = []
    for c in (src, out):
        exes.append(c + ".exe")
        p = subprocess.run(["gcc", *flags, c, "-o", exes[-1]], capture_output=True, text=True, timeout=BUILD_TIMEOUT)
        assert p.returncode == 0 and "warning" not in p.stderr, p.stderr[:3000]
    first, second = run(exes[0]), run(exes[1])
    checksum_of(first)
    assert first.stdout == second.stdout


def test_roundtrip_atomic(progs, builds, tmp_path):
    """The Atomic C amalgamation reprints as Atomic C that lowers to the same program."""
    w = progs["amalgamation", "atomic"]
    out = reprint(w.sources[0], str(tmp_path))
    exe = str(tmp_path / "again")
    r = atomicc("cc", STD, "-O1", "-Wall", "--strategy=global", out, "-o", exe, timeout=BUILD_TIMEOUT)
    assert r.returncode == 0, r.stderr[-3000:]
    ref = builds["amalgamation", "global", "together"]
    if isinstance(ref, Exception):
        raise ref
    assert checksum_of(run(exe)) == checksum_of(run(ref))


# ---------------------------------------------------------------------------
# (c) lint
# ---------------------------------------------------------------------------

def lint_json(w):
    r = atomicc("lint", STD, "--format=json", *[os.path.basename(s) for s in w.sources], cwd=w.dir, timeout=600)
    assert r.returncode in (0, 1), r.stderr
    return json.loads(r.stdout)["diagnostics"]


@pytest.mark.parametrize("layout", sorted(PROGRAMS))
def test_lint_finds_the_injected_bugs(progs, layout):
    w = progs[layout, "pthread"]
    expected = gen.expected_findings(w.prog)
    diags = lint_json(w)
    where = lambda d: (d["rule"], os.path.basename(d["file"]), d["line"])  # noqa: E731
    # The cycle is reported once, at one of its edges, with both injected calls as notes.
    cycle = [(f, n) for r, f, n in expected if r == "deadlock"]
    deadlocks = [d for d in diags if d["rule"] == "deadlock"]
    assert len(cycle) == 2 and len(deadlocks) == 1, [where(d) for d in deadlocks]
    notes = {(os.path.basename(r["file"]), r["line"]) for r in deadlocks[0]["related"]}
    assert set(cycle) <= notes, (cycle, sorted(notes))
    # Everything else exactly at its marker.
    got = sorted(where(d) for d in diags if d["rule"] != "deadlock")
    assert got == sorted(e for e in expected if e[0] != "deadlock"), "\n".join(
        "%s %s:%d %s" % (d["rule"], d["file"], d["line"], d["message"]) for d in diags)
    if layout == "multi":
        assert cycle[0][0] != cycle[1][0], "the cycle should span two files"


def test_lint_atomic_variant_is_clean(progs):
    assert lint_json(progs["amalgamation", "atomic"]) == []


def test_lint_many_thread_start_sites(tmp_path):
    """Regression: a helper that every thread calls on its own slot (`next(&w->seed)`) from more
    thread start sites than the per-function context limit (48) kept each slot apart."""
    parts = ["#include <pthread.h>\n",
             "struct warg { unsigned seed; long done; };\n",
             "static inline unsigned next(unsigned *s) { unsigned x = *s; x ^= x << 13; x ^= x >> 17; "
             "*s = x; return x; }\n"]
    n = 60
    for i in range(n):
        parts.append("static struct warg a%d[2];\n"
                     "static void *w%d(void *p) { struct warg *w = p; int k; for (k = 0; k < 10; k++) "
                     "if (next(&w->seed) & 1) w->done++; return 0; }\n"
                     "static long run%d(void) { pthread_t t[2]; long d = 0; int i; "
                     "for (i = 0; i < 2; i++) { a%d[i].seed = %d + i; pthread_create(&t[i], 0, w%d, &a%d[i]); } "
                     "for (i = 0; i < 2; i++) { pthread_join(t[i], 0); d += a%d[i].done; } return d; }\n"
                     % (i, i, i, i, i + 1, i, i, i))
    parts.append("int main(void) { long d = 0;\n%s return d == -1; }\n" % "".join(" d += run%d();\n" % i
                                                                            for i in range(n)))
    src = tmp_path / "many.c"
    src.write_text("".join(parts))
    r = atomicc("lint", str(src))
    assert r.returncode == 0, r.stdout[:3000]


REGRESS = os.path.join(TESTS, "realprog", "regress")


@pytest.mark.parametrize("name", sorted(f for f in os.listdir(REGRESS) if f.endswith(".c") and not f.startswith("atomic_")))
def test_regress_lint_clean(name, tmp_path):
    """The files under realprog/regress/ are correct pthread programs in the idioms of real
    projects that the linter once reported: no finding, and each builds and prints the value
    its header states."""
    src = os.path.join(REGRESS, name)
    with open(src, encoding="utf-8") as f:
        expected = re.search(r"the program prints (\S+?)\.", f.read()).group(1)
    r = atomicc("lint", src)
    assert r.returncode == 0, r.stdout[:3000]
    exe = str(tmp_path / "prog")
    p = subprocess.run(["gcc", STD, "-Wall", "-Wextra", "-pthread", src, "-o", exe], capture_output=True, text=True)
    assert p.returncode == 0 and "warning" not in p.stderr, p.stderr
    assert run(exe).stdout == expected + "\n"


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("name", sorted(f for f in os.listdir(REGRESS) if f.startswith("atomic_")))
def test_regress_atomic(name, strategy, tmp_path):
    """The Atomic C files under realprog/regress/ (atomic_*.c) print their EXPECT lines under every
    strategy, with threads contending (ATOMICC_SOLO=0)."""
    src = os.path.join(REGRESS, name)
    exe = str(tmp_path / "prog")
    _step([], _atomicc_cc("--strategy=" + strategy, src, "-o", exe), str(tmp_path))
    p = run(exe)
    assert p.returncode == 0, p.stderr
    assert p.stdout.splitlines() == expected_output(src)


# ---------------------------------------------------------------------------
# (d) whole-program lowering with every strategy
# ---------------------------------------------------------------------------

def _cases():
    for layout in sorted(PROGRAMS):
        for s in STRATEGIES:
            for mode in (["together", "separate"] if layout == "multi" else ["together"]):
                yield layout, s, mode


@pytest.mark.parametrize("layout,strategy,mode", list(_cases()))
def test_lowered_program_runs(builds, layout, strategy, mode):
    exe = builds[layout, strategy, mode]
    if isinstance(exe, Exception):
        raise exe
    checksum_of(run(exe))


@pytest.mark.parametrize("layout", sorted(PROGRAMS))
def test_same_checksum_under_every_strategy(builds, layout):
    sums = {}
    for (lay, s, mode), exe in sorted(builds.items()):
        if lay == layout and not isinstance(exe, Exception):
            sums[s, mode] = checksum_of(run(exe))
    assert len(sums) == len([c for c in _cases() if c[0] == layout])
    assert len(set(sums.values())) == 1, sums


# ---------------------------------------------------------------------------
# (e) ThreadSanitizer
# ---------------------------------------------------------------------------

def test_tsan_reports_nothing(progs, tsan, tmp_path):
    w = progs["amalgamation", "atomic"]
    # gcc's -Wmaybe-uninitialized is not reliable on instrumented code (it warns about a local
    # initialised in its declaration next to the STM's restart point): warnings are not checked here.
    exe = build_together(w, TSAN_STRATEGY, str(tmp_path / "prog-tsan"), extra=("-g", "-fsanitize=thread"),
                         warnings_ok=True)
    env = dict(ENV, TSAN_OPTIONS="halt_on_error=1 exitcode=66")
    p = run(exe, timeout=TSAN_RUN_TIMEOUT, env=env)
    assert "ThreadSanitizer" not in p.stderr, p.stderr[:6000]
    checksum_of(p)
