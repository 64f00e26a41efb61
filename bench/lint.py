#!/usr/bin/env python3
"""Speed and memory of `atomicc lint`, end to end, on one core.

Inputs:

* tests/lint  -- the labeled corpus: every program (a .c file, or a
                 directory whose .c files are linted together) is one run.
* gen-N       -- a multithreaded C program of about N source lines written by
                 bench/lintgen.py (seeded, deterministic): modules of hash
                 tables, queues with condition variables, connection pools,
                 lock wrappers, atomic blocks, worker threads created in
                 loops, over several files sharing a header.

For each input, each run is one fresh process, timed from spawn to exit:

    atomicc lint --format=json --exit-zero FILES        (python -m atomicc)

and its peak RSS and CPU time are read from os.wait4's rusage of that
process (which includes the `gcc -E` children it waited for).  Reported:
the median wall and CPU time of --runs runs, preprocessed lines per wall
second (lines of `gcc -E -D__ATOMICC__=1` of every unit: what the linter
parses), peak RSS and RSS per preprocessed line, the findings, and the
time of `gcc -std=gnu11 -fsyntax-only -pthread` on the same units (one
process per unit, summed; median of the runs) with the ratio lint / gcc.
The corpus row sums the times of its programs and shows the largest peak
RSS (and the B/line of that program, which is mostly the interpreter).

The design goals, checked at the largest generated size (a missed goal is
printed as MISS; it does not fail the run):

    >= 3,600 preprocessed lines/s end to end (1M lines in <= 5 minutes)
    <= 2 KiB of peak RSS per preprocessed line

    python3 bench/lint.py                        # corpus + 2k, 10k, 50k lines, 3 runs each
    python3 bench/lint.py --quick                # 1 run, without the largest size
    python3 bench/lint.py --big                  # also 200k lines
    python3 bench/lint.py --runs 5 --sizes 2000,10000 --no-corpus --csv lint.csv
    python3 bench/lint.py --profile 25           # also cProfile lint of the largest input

Exit status: 0 when every lint run finished, 1 when one failed or timed
out (larger sizes are then skipped), 2 when a generated program is not
accepted by gcc.
"""

import argparse
import csv
import json
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPUS = os.path.join(ROOT, "tests", "lint")
sys.path.insert(0, HERE)

import lintgen  # noqa: E402

GOAL_LINES_PER_S = 3600.0
GOAL_BYTES_PER_LINE = 2048.0
DEFAULT_SIZES = (2000, 10000, 50000)
BIG_SIZE = 200000
CORPUS_GROUPS = ("data-race", "deadlock", "lock-leak", "double-lock", "unlock-not-held", "cond-wait-no-loop",
                 "irrevocable-in-atomic", "retry-outside-atomic", "clean")
# gcc cannot read Atomic C: for the corpus the blocks become plain blocks
# (the generated programs do this themselves in common.h).
CORPUS_GCC_FLAGS = ["-Datomic=", "-Dretry=do{}while(0)"]


def say(s=""):
    sys.stdout.write(s + "\n")
    sys.stdout.flush()


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------

class Program:
    """Files linted together in one run."""

    def __init__(self, name, cwd, units, others=(), gcc_flags=()):
        self.name = name
        self.cwd = cwd                  # runs start here; units are relative to it
        self.units = list(units)        # .c files, in command-line order
        self.others = list(others)      # headers (counted in the source lines)
        self.gcc_flags = list(gcc_flags)
        self.src_lines = 0
        self.pp_lines = 0


class Input:
    """A row of the table: one program or (the corpus) many."""

    def __init__(self, name, programs, generated=False, size=None):
        self.name, self.programs, self.generated, self.size = name, programs, generated, size
        self.lint_wall = []             # per run: seconds summed over the programs
        self.lint_cpu = []
        self.gcc_wall = []
        self.peak_rss = 0               # bytes, max over runs and programs
        self.peak_rss_lines = 0         # pp lines of the program that had it
        self.findings = None
        self.per_program = []           # (median wall, program) -- the corpus
        self.error = None
        self.skipped = None

    @property
    def units(self):
        return sum(len(p.units) for p in self.programs)

    @property
    def src_lines(self):
        return sum(p.src_lines for p in self.programs)

    @property
    def pp_lines(self):
        return sum(p.pp_lines for p in self.programs)


def corpus_programs():
    progs = []
    for group in CORPUS_GROUPS:
        gdir = os.path.join(CORPUS, group)
        if not os.path.isdir(gdir):
            continue
        for name in sorted(os.listdir(gdir)):
            path = os.path.join(gdir, name)
            rel = os.path.relpath(path, ROOT)
            if os.path.isdir(path):
                files = sorted(os.listdir(path))
                cs = [os.path.join(rel, f) for f in files if f.endswith(".c")]
                hs = [os.path.join(rel, f) for f in files if f.endswith(".h")]
                if cs:
                    progs.append(Program("%s/%s" % (group, name), ROOT, cs, hs, CORPUS_GCC_FLAGS))
            elif name.endswith(".c"):
                progs.append(Program("%s/%s" % (group, name), ROOT, [rel], (), CORPUS_GCC_FLAGS))
    return progs


def generated_program(size, seed, workdir):
    files = lintgen.generate(size, seed)
    d = os.path.join(workdir, "gen-%d" % size)
    lintgen.write(files, d)
    units = lintgen.units(files)
    others = sorted(f for f in files if f not in units)
    return Program("gen-%d" % size, d, units, others)


def count_lines(path):
    with open(path, "rb") as f:
        return f.read().count(b"\n")


def preprocessed_lines(cc, prog, timeout):
    n = 0
    for u in prog.units:
        r = subprocess.run(cc + ["-E", "-D__ATOMICC__=1", u], cwd=prog.cwd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout)
        if r.returncode != 0:
            raise RuntimeError("%s -E %s failed: %s" % (cc[0], u, r.stderr.decode(errors="replace").strip()[:300]))
        n += r.stdout.count(b"\n")
    return n


# ---------------------------------------------------------------------------
# Measuring one process
# ---------------------------------------------------------------------------

class Run:
    def __init__(self):
        self.wall = None
        self.cpu = None
        self.maxrss = None      # bytes
        self.rc = None
        self.timed_out = False
        self.stdout = b""
        self.stderr = b""


def run_measured(cmd, cwd, env, timeout, scratch):
    """Run cmd in a new session; wall time, CPU time and peak RSS of that process.

    The rusage is os.wait4's for this one child (its own waited-for children,
    the preprocessors, included), so earlier runs do not leak into it.  The
    process is waited for without being reaped first (waitid WNOWAIT), so the
    timeout's kill can never hit a recycled pid."""
    res = Run()
    out_path, err_path = os.path.join(scratch, "out"), os.path.join(scratch, "err")
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                             start_new_session=True)
    lock = threading.Lock()
    state = {"done": False}

    def kill():
        with lock:
            if not state["done"]:
                res.timed_out = True
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except OSError:
                    pass

    timer = threading.Timer(timeout, kill)
    timer.daemon = True
    timer.start()
    try:
        if hasattr(os, "waitid"):
            while True:
                try:
                    os.waitid(os.P_PID, p.pid, os.WEXITED | os.WNOWAIT)
                    break
                except InterruptedError:
                    continue
        res.wall = time.perf_counter() - t0
        with lock:
            state["done"] = True
        timer.cancel()
        _, status, ru = os.wait4(p.pid, 0)
        if not hasattr(os, "waitid"):
            res.wall = time.perf_counter() - t0
    finally:
        timer.cancel()
    p.returncode = res.rc = os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status
    res.cpu = ru.ru_utime + ru.ru_stime
    res.maxrss = ru.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    with open(out_path, "rb") as f:
        res.stdout = f.read()
    with open(err_path, "rb") as f:
        res.stderr = f.read()
    return res


def lint_once(atomicc, env, prog, timeout, scratch):
    return run_measured(atomicc + ["lint", "--format=json", "--exit-zero"] + prog.units, prog.cwd, env, timeout,
                        scratch)


def gcc_once(cc, prog, timeout):
    """Seconds of `gcc -fsyntax-only` over the program's units (one process each); raises on a rejected unit."""
    total = 0.0
    for u in prog.units:
        t0 = time.perf_counter()
        r = subprocess.run(cc + ["-std=gnu11", "-fsyntax-only", "-pthread", "-w"] + prog.gcc_flags + [u],
                           cwd=prog.cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
        total += time.perf_counter() - t0
        if r.returncode != 0:
            raise RuntimeError("gcc -fsyntax-only rejects %s: %s"
                               % (os.path.join(prog.cwd, u), r.stderr.decode(errors="replace").strip()[:400]))
    return total


def findings_of(stdout):
    try:
        doc = json.loads(stdout.decode("utf-8", "replace"))
        return len(doc["diagnostics"])
    except (ValueError, KeyError, TypeError):
        return None


def short_error(run):
    if run.timed_out:
        return "timeout"
    lines = [ln for ln in run.stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
    msg = lines[-1] if lines else "exit status %s" % run.rc
    return "exit %s: %s" % (run.rc, msg[:160])


def measure(inp, atomicc, env, cc, runs, timeout, scratch, progress):
    """Fills inp: gcc runs, lint runs.  Returns False when a lint run failed."""
    n = len(inp.programs)
    per_prog = {id(p): [] for p in inp.programs}
    for k in range(runs):
        g = 0.0
        for p in inp.programs:
            g += gcc_once(cc, p, timeout)
        inp.gcc_wall.append(g)
    for k in range(runs):
        wall = cpu = 0.0
        found = 0
        for j, p in enumerate(inp.programs):
            r = lint_once(atomicc, env, p, timeout, scratch)
            if r.rc != 0 or r.timed_out:
                inp.error = "%s: %s" % (p.name, short_error(r))
                return False
            f = findings_of(r.stdout)
            if f is None:
                inp.error = "%s: output is not the JSON report" % p.name
                return False
            found += f
            wall += r.wall
            cpu += r.cpu
            per_prog[id(p)].append(r.wall)
            if r.maxrss > inp.peak_rss:
                inp.peak_rss, inp.peak_rss_lines = r.maxrss, p.pp_lines
            if progress and n > 1 and (j + 1) % 20 == 0:
                sys.stdout.write("    run %d: %d/%d programs, %.1f s\n" % (k + 1, j + 1, n, wall))
                sys.stdout.flush()
        inp.lint_wall.append(wall)
        inp.lint_cpu.append(cpu)
        inp.findings = found
        if progress:
            say("    run %d: lint %.2f s wall, %.2f s cpu, %.0f MiB; %d findings"
                % (k + 1, wall, cpu, inp.peak_rss / 2.0 ** 20, found))
    inp.per_program = sorted((statistics.median(per_prog[id(p)]), p.name) for p in inp.programs)
    return True


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------

COLS = [("input", "%-16s"), ("units", "%5s"), ("src lines", "%9s"), ("pp lines", "%9s"), ("lint s", "%8s"),
        ("cpu s", "%8s"), ("lines/s", "%8s"), ("peak RSS MiB", "%12s"), ("B/line", "%7s"), ("findings", "%8s"),
        ("gcc -fsyntax-only s", "%19s"), ("ratio", "%6s")]


def med(xs):
    return statistics.median(xs) if xs else None


def row_values(inp):
    lw, lc, gw = med(inp.lint_wall), med(inp.lint_cpu), med(inp.gcc_wall)
    rate = inp.pp_lines / lw if lw else None
    bpl = inp.peak_rss / inp.peak_rss_lines if inp.peak_rss_lines else None
    return dict(lint=lw, cpu=lc, gcc=gw, rate=rate, bpl=bpl, ratio=(lw / gw if lw and gw else None))


def fmt_row(inp):
    v = row_values(inp)

    def f(x, spec):
        return "-" if x is None else spec % x
    cells = [inp.name, "%d" % inp.units, "{:,}".format(inp.src_lines), "{:,}".format(inp.pp_lines),
             f(v["lint"], "%.2f"), f(v["cpu"], "%.2f"), "-" if v["rate"] is None else "{:,}".format(round(v["rate"])),
             f(inp.peak_rss and inp.peak_rss / 2.0 ** 20, "%.1f"), f(v["bpl"], "%.0f"),
             "-" if inp.findings is None else "%d" % inp.findings, f(v["gcc"], "%.2f"), f(v["ratio"], "%.0fx")]
    line = " ".join(spec % c for (_, spec), c in zip(COLS, cells))
    if inp.error:
        line += "  ERROR " + inp.error
    elif inp.skipped:
        line += "  skipped: " + inp.skipped
    return line


def print_table(inputs):
    head = " ".join(spec % name for name, spec in COLS)
    say(head)
    say("-" * len(head))
    for inp in inputs:
        say(fmt_row(inp))


def write_csv(path, inputs):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["input", "programs", "units", "src_lines", "pp_lines", "lint_wall_s", "lint_cpu_s", "lines_per_s",
                    "peak_rss_bytes", "bytes_per_line", "findings", "gcc_s", "ratio", "lint_wall_runs", "error"])
        for inp in inputs:
            v = row_values(inp)
            w.writerow([inp.name, len(inp.programs), inp.units, inp.src_lines, inp.pp_lines,
                        "%.4f" % v["lint"] if v["lint"] else "", "%.4f" % v["cpu"] if v["cpu"] else "",
                        "%.1f" % v["rate"] if v["rate"] else "", inp.peak_rss or "",
                        "%.1f" % v["bpl"] if v["bpl"] else "", "" if inp.findings is None else inp.findings,
                        "%.4f" % v["gcc"] if v["gcc"] else "", "%.2f" % v["ratio"] if v["ratio"] else "",
                        " ".join("%.4f" % x for x in inp.lint_wall), inp.error or inp.skipped or ""])


def scaling(done, what="lint_wall"):
    """(exponent, seconds for 1M preprocessed lines) from the two largest measured generated inputs."""
    if len(done) < 2:
        return None
    a, b = done[-2], done[-1]
    ta, tb = med(getattr(a, what)), med(getattr(b, what))
    if not (ta and tb) or b.pp_lines <= a.pp_lines:
        return None
    e = math.log(tb / ta) / math.log(b.pp_lines / a.pp_lines)
    return e, tb * (1e6 / b.pp_lines) ** e


def profile(atomicc_py, env, prog, top, timeout, scratch):
    import pstats
    out = os.path.join(scratch, "lint.prof")
    cmd = atomicc_py[:1] + ["-m", "cProfile", "-o", out] + atomicc_py[1:] + ["lint", "--format=json", "--exit-zero"] \
        + prog.units
    say("== cProfile of `atomicc lint` on %s (%d units; profiling slows it down)" % (prog.name, len(prog.units)))
    r = run_measured(cmd, prog.cwd, env, timeout, scratch)
    if r.rc != 0 or not os.path.exists(out):
        say("  profile failed: %s" % short_error(r))
        return
    say("  %.1f s wall under the profiler" % r.wall)
    st = pstats.Stats(out)
    for key, title in (("cumulative", "cumulative time"), ("tottime", "own time")):
        say("")
        say("-- top %d by %s" % (top, title))
        st.sort_stats(key)
        rows = []
        for func in st.fcn_list:
            if len(rows) >= top:
                break
            cc, nc, tt, ct, _ = st.stats[func]
            fn, line, name = func
            if fn in ("~", "<string>") and name in ("<built-in method builtins.exec>", "<module>") \
                    or "runpy" in fn or fn.endswith("__main__.py"):
                continue        # the interpreter's frames around the run
            where = "%s:%d" % (os.path.relpath(fn, ROOT) if fn.startswith(ROOT) else os.path.basename(fn), line) \
                if line else fn
            rows.append((ct, tt, nc, "%s(%s)" % (name, where)))
        say("  %9s %9s %10s  function" % ("cum s", "own s", "calls"))
        for ct, tt, nc, what in rows:
            say("  %9.2f %9.2f %10d  %s" % (ct, tt, nc, what))
    say("")


# ---------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="1 run per input and no largest size")
    ap.add_argument("--runs", type=int, default=None, help="runs per input, median reported (default 3; quick 1)")
    ap.add_argument("--sizes", default=None,
                    help="comma-separated source-line sizes of the generated programs (default %s)"
                    % ",".join(map(str, DEFAULT_SIZES)))
    ap.add_argument("--big", action="store_true", help="also the %d-line program" % BIG_SIZE)
    ap.add_argument("--no-corpus", action="store_true", help="skip tests/lint")
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds per lint process (default 600)")
    ap.add_argument("--seed", type=int, default=lintgen.DEFAULT_SEED, help="generator seed (fixed default)")
    ap.add_argument("--cc", default=None, help="C compiler for -E, -fsyntax-only and atomicc's $CC (default gcc)")
    ap.add_argument("--atomicc", default=None, help="atomicc command (default: this Python with -m atomicc)")
    ap.add_argument("--keep", metavar="DIR", help="write the generated programs to DIR and keep them")
    ap.add_argument("--csv", metavar="FILE", help="also write the rows as CSV")
    ap.add_argument("--profile", type=int, nargs="?", const=25, default=None, metavar="N",
                    help="also cProfile lint of the largest generated input, top N functions (default 25)")
    args = ap.parse_args(argv)

    runs = args.runs if args.runs is not None else (1 if args.quick else 3)
    if runs < 1:
        ap.error("--runs must be >= 1")
    try:
        sizes = [int(x) for x in (args.sizes.split(",") if args.sizes else DEFAULT_SIZES) if str(x).strip()]
    except ValueError:
        ap.error("--sizes wants comma-separated integers")
    if args.big and BIG_SIZE not in sizes:
        sizes.append(BIG_SIZE)
    sizes = sorted(set(sizes))
    if any(s < 200 for s in sizes):
        ap.error("--sizes: each size must be at least 200 lines")
    if args.quick and len(sizes) > 1:
        sizes = sizes[:-1]
    cc = (args.cc or os.environ.get("CC") or "gcc").split()
    env = dict(os.environ)
    if args.cc:             # atomicc runs $ATOMICC_CC, else $CC
        env["CC"] = args.cc
        env.pop("ATOMICC_CC", None)
    atomicc = args.atomicc.split() if args.atomicc else [sys.executable, "-m", "atomicc"]

    t_start = time.perf_counter()
    try:
        version = subprocess.run(atomicc + ["--version"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 universal_newlines=True, env=env, timeout=120).stdout.strip()
    except (OSError, subprocess.TimeoutExpired) as e:
        ap.error("cannot run atomicc (%s): %s" % (" ".join(atomicc), e))
    try:
        cc_version = subprocess.run(cc + ["--version"], stdout=subprocess.PIPE,
                                    universal_newlines=True).stdout.splitlines()[0]
    except (OSError, IndexError):
        cc_version = cc[0] + " ?"
    try:
        git = subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, universal_newlines=True).stdout.strip() or "?"
    except OSError:
        git = "?"
    load0 = os.getloadavg() if hasattr(os, "getloadavg") else None
    say("atomicc lint benchmark  (%s; %s; python %s; %d cores; git %s; %d run%s per input; seed %d%s)"
        % (version or "atomicc ?", cc_version, sys.version.split()[0], os.cpu_count() or 1, git, runs,
           "" if runs == 1 else "s", args.seed, "; quick" if args.quick else ""))
    if load0:
        say("load average at start: %.2f %.2f %.2f" % load0)

    if args.keep:
        workdir = os.path.abspath(args.keep)
        os.makedirs(workdir, exist_ok=True)
    else:
        workdir = tempfile.mkdtemp(prefix="atomicc-lintbench-")
    scratch = tempfile.mkdtemp(prefix="atomicc-lintbench-io-")
    failed, bad_input = False, False
    inputs = []
    try:
        # startup reference
        st = [run_measured(atomicc + ["--version"], ROOT, env, 60, scratch) for _ in range(max(runs, 3))]
        say("start-up reference: `atomicc --version` %.3f s wall, %.1f MiB peak RSS (median of %d)"
            % (med([r.wall for r in st]), med([r.maxrss for r in st]) / 2.0 ** 20, len(st)))

        if not args.no_corpus:
            progs = corpus_programs()
            inputs.append(Input("tests/lint", progs))
        for s in sizes:
            inputs.append(Input("gen-%d" % s, [generated_program(s, args.seed, workdir)], generated=True, size=s))
        for inp in inputs:
            for p in inp.programs:
                p.src_lines = sum(count_lines(os.path.join(p.cwd, f)) for f in p.units + p.others)
                p.pp_lines = preprocessed_lines(cc, p, args.timeout)
            say("  %-12s %4d program%s, %4d units, %9s source lines, %10s preprocessed lines%s"
                % (inp.name, len(inp.programs), "" if len(inp.programs) == 1 else "s", inp.units,
                   "{:,}".format(inp.src_lines), "{:,}".format(inp.pp_lines),
                   ("  (%s)" % inp.programs[0].cwd) if inp.generated and args.keep else ""))
        say("")

        timed_out_at = None
        for inp in inputs:
            if inp.generated and timed_out_at is not None:
                inp.skipped = "a smaller size failed (%s)" % timed_out_at
                continue
            say("measuring %s (%d program%s)" % (inp.name, len(inp.programs), "" if len(inp.programs) == 1 else "s"))
            try:
                ok = measure(inp, atomicc, env, cc, runs, args.timeout, scratch, progress=True)
            except RuntimeError as e:        # gcc rejects a unit: the generator is broken
                inp.error = str(e)
                say("  " + inp.error)
                if inp.generated:
                    bad_input = True
                    timed_out_at = inp.name
                continue
            except subprocess.TimeoutExpired as e:
                inp.error = "gcc timed out: %s" % e
                ok = False
            if not ok:
                failed = True
                say("  ERROR " + inp.error)
                if inp.generated:
                    timed_out_at = inp.name
        load1 = os.getloadavg() if hasattr(os, "getloadavg") else None

        say("")
        say("== atomicc lint --format=json --exit-zero, end to end (median of %d run%s; lines/s = preprocessed "
            "lines / lint wall s; ratio = lint s / gcc -fsyntax-only s)" % (runs, "" if runs == 1 else "s"))
        print_table(inputs)
        say("")
        corpus = [i for i in inputs if not i.generated and i.per_program]
        for c in corpus:
            times = [t for t, _ in c.per_program]
            say("%s: %d programs, lint per program %.2f s min, %.2f s median, %.2f s max (%s); mostly start-up"
                % (c.name, len(times), times[0], statistics.median(times), times[-1], c.per_program[-1][1]))
        done = [i for i in inputs if i.generated and i.lint_wall]
        busy = [i for i in inputs if i.lint_wall and med(i.lint_cpu) < 0.85 * med(i.lint_wall)]
        if busy:
            say("note: on %s lint got less than 85%% of a CPU (cpu s / lint s); other processes were running "
                "(load average %s at the end), so wall times and lines/s are pessimistic; cpu s is the better measure"
                % (", ".join(i.name for i in busy), " ".join("%.2f" % x for x in load1) if load1 else "?"))
        sc, scc = scaling(done), scaling(done, "lint_cpu")
        if sc and scc:
            a, b = done[-2], done[-1]
            say("scaling from %s to %s: lint wall time grows as (preprocessed lines)^%.2f, CPU time as ^%.2f; "
                "extrapolated, 1,000,000 lines would take %.0f s (%.1f min) wall, %.0f s (%.1f min) of CPU"
                % (a.name, b.name, sc[0], scc[0], sc[1], sc[1] / 60, scc[1], scc[1] / 60))
        if done:
            big = done[-1]
            v = row_values(big)
            cpu_rate = big.pp_lines / med(big.lint_cpu) if med(big.lint_cpu) else 0
            speed_ok = v["rate"] >= GOAL_LINES_PER_S
            mem_ok = v["bpl"] is not None and v["bpl"] <= GOAL_BYTES_PER_LINE
            say("goals at the largest size, %s (%s preprocessed lines): speed %s lines/s wall %s (goal >= %s; "
                "%s lines/s of CPU time); memory %.0f B/line %s (goal <= %d; %.0f B per line of the .c/.h files)"
                % (big.name, "{:,}".format(big.pp_lines), "{:,}".format(round(v["rate"])),
                   "ok" if speed_ok else "MISS", "{:,}".format(int(GOAL_LINES_PER_S)), "{:,}".format(round(cpu_rate)),
                   v["bpl"] or 0, "ok" if mem_ok else "MISS", GOAL_BYTES_PER_LINE,
                   big.peak_rss / big.src_lines if big.src_lines else 0))
        else:
            say("goals: not checked (no generated input was measured)")
        if args.csv:
            write_csv(args.csv, inputs)
            say("rows written to %s" % args.csv)
        if args.profile and done:
            say("")
            py = [sys.executable] + (atomicc[1:] if atomicc[0] == sys.executable else ["-m", "atomicc"])
            profile(py, env, done[-1].programs[0], args.profile, args.timeout * 4, scratch)
        say("total benchmark time %.1f s" % (time.perf_counter() - t_start))
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)
    if bad_input:
        return 2
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
