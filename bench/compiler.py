#!/usr/bin/env python3
"""The tool's own speed, memory and start-up, in one run and one table, against
the DESIGN goals for the frontend and the linter.

Inputs (built fresh, deterministic for a seed and a C library):

* samples      -- every samples/*.c, one translation unit each (bench/frontend.py)
* generated    -- one ~80k-line translation unit of realistic C (bench/frontend.py)
* lintgen-N    -- a multithreaded program of about N source lines over many
                  files (bench/lintgen.py): 50,000 lines; with --full also one
                  of about 1,000,000 preprocessed lines

Measured, for the same inputs:

* frontend tokens/s: atomicc's parser (with spans) against pycparser 3 and
  `gcc -fsyntax-only` on the same text (raw `gcc -E` output, and the text
  stripped of GNU extensions that pycparser needs), with the ratios;
* `atomicc lint` end to end, preprocessed lines per second: one core
  (-j 1, no cache), two processes (-j 2, no cache), and warm (the cache of
  parsed units filled by the run before);
* `atomicc FILES -o DIR/` (lowering the whole program) lines per second;
* peak RSS of the lint and lowering processes, and bytes per preprocessed line;
* start-up: `atomicc --version`.

Each row says which goal it checks and PASS or MISS.  The script exits 0 when
the run completed (a missed goal is reported, not a failure: timings depend on
the machine), 1 when a tool failed on an input.

    python bench/compiler.py              # samples, ~80k-line unit, lintgen-50k (a few minutes)
    python bench/compiler.py --quick      # small inputs (under a minute): the test suite runs it
    python bench/compiler.py --full       # also a ~1M-line lintgen program (memory goal at scale)
    python bench/compiler.py --profile 20 # also cProfile lint and lowering of the largest lintgen input
"""

import argparse
import collections
import csv
import gc
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import frontend  # noqa: E402
import lint as lintbench  # noqa: E402
import lintgen  # noqa: E402

GOAL_VS_GCC = 0.25            # our tokens/s / gcc -fsyntax-only's, same text
GOAL_VS_PYCPARSER = frontend.GOAL_RATIO
GOAL_TOKENS_PER_S = frontend.GOAL_TOKENS_PER_S
GOAL_STARTUP_S = frontend.GOAL_STARTUP_S
GOAL_LINT_LINES_PER_S = lintbench.GOAL_LINES_PER_S
GOAL_BYTES_PER_LINE = lintbench.GOAL_BYTES_PER_LINE

LINTGEN_SIZE, QUICK_LINTGEN_SIZE = 50000, 3000
FULL_PP_LINES = 1000000       # --full: a lintgen program of about this many preprocessed lines
GEN_SEED = 20240601          # bench/frontend.py's default
PP_PER_SOURCE_LINE = 5.8      # lintgen: preprocessed lines per source line (the headers of every unit)


def say(s=""):
    sys.stdout.write(s + "\n")
    sys.stdout.flush()


class Row:
    """One line of the table."""

    def __init__(self, measure, inp, lines=None, tokens=None, unit="", ours=None, pyc=None, gcc=None):
        self.measure, self.input, self.lines, self.tokens, self.unit = measure, inp, lines, tokens, unit
        self.ours, self.pyc, self.gcc = ours, pyc, gcc
        self.goals = []             # (text, ok)

    def goal(self, text, ok):
        self.goals.append((text, bool(ok)))


# ------------------------------------------------------------------ timing

CPU = False     # --cpu: CPU seconds instead of wall seconds everywhere


def timed(fn, repeats):
    """Median seconds of fn() after one untimed run: wall (frontend.time_runs), or this process's CPU time."""
    fn()
    if not CPU:
        return _median(frontend.time_runs(fn, repeats))
    times = []
    for _ in range(repeats):
        gc.collect()
        t0 = time.process_time()
        r = fn()
        times.append(time.process_time() - t0)
        del r
    return _median(times)


def children_cpu(fn):
    """CPU seconds of the child processes fn() runs and waits for."""
    import resource
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    fn()
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime


def gcc_time(cc, name, units, work, lang, repeats, tag):
    """Median seconds of `gcc -fsyntax-only` over `units` (one process each): frontend.gcc_rows's wall
    time, or the processes' CPU time."""
    if not CPU:
        return _median(frontend.gcc_rows(cc, frontend.Input(name, units), work, lang, repeats, tag))
    paths = []
    for i, (n, text) in enumerate(units):
        p = os.path.join(work, "cpu-%s-%d-%s%s" % (tag, i, os.path.basename(n), ".i" if lang == "cpp-output" else ".c"))
        with open(p, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write(text)
        paths.append(p)
    frontend.run_gcc(cc, paths[0], lang)        # warm-up, and the check that gcc reads the text
    return _median([children_cpu(lambda: [frontend.run_gcc(cc, p, lang) for p in paths]) for _ in range(repeats)])


# ------------------------------------------------------------------ frontend

def frontend_rows(parser, name, units, repeats, cc, work, strip, pycparser, raw_gcc=True):
    """Rows for one input: raw text (atomicc, gcc) and, with `strip`, the stripped text (all three)."""
    rows = []
    tokens = sum(frontend.count_tokens(parser, t, n) for n, t in units)
    lines = sum(t.count("\n") for _, t in units)
    t_ours = timed(lambda: [parser.parse(t, n) for n, t in units], repeats)
    r = Row("frontend tokens/s (raw gcc -E)", name, lines, tokens, "tokens/s", ours=tokens / t_ours)
    if raw_gcc:
        t_gcc = gcc_time(cc, name, units, work, "cpp-output", repeats, "raw")
        r.gcc = tokens / t_gcc
    rows.append(r)
    if not strip:
        return rows
    printer = frontend.make_strip_printer()
    stripped = []
    for n, t in units:
        tu, _ = parser.parse(t, n)
        stripped.append((n, printer().program(tu)))
        del tu
    for_py = [(n, frontend.PYCPARSER_PRELUDE + t) for n, t in stripped]
    tokens_py = sum(frontend.count_tokens(parser, t, n) for n, t in for_py)
    tokens_gcc = sum(frontend.count_tokens(parser, t, n) for n, t in stripped)
    t_ours = timed(lambda: [parser.parse(t, n) for n, t in for_py], repeats)
    s = Row("frontend tokens/s (stripped)", name, sum(t.count("\n") for _, t in for_py), tokens_py, "tokens/s",
            ours=tokens_py / t_ours)
    t_gcc = gcc_time(cc, name, stripped, work, "c", repeats, "stripped")
    s.gcc = tokens_gcc / t_gcc
    if pycparser is not None:
        cp = pycparser.CParser()

        def py_default():
            return [cp.parse(t, n) for n, t in for_py]

        def py_nogc():
            gc.disable()
            try:
                return [cp.parse(t, n) for n, t in for_py]
            finally:
                gc.enable()
        py_default()        # warm-up, and the check that pycparser reads the text
        best = min(timed(py_default, repeats), timed(py_nogc, repeats))
        s.pyc = tokens_py / best
    rows.append(s)
    return rows


def frontend_goals(rows):
    for r in rows:
        r.goal(">= %s tokens/s" % format(int(GOAL_TOKENS_PER_S), ","), r.ours >= GOAL_TOKENS_PER_S)
        if r.gcc:
            r.goal(">= %.2fx gcc" % GOAL_VS_GCC, r.ours / r.gcc >= GOAL_VS_GCC)
        if r.pyc:
            r.goal(">= %.1fx pycparser" % GOAL_VS_PYCPARSER, r.ours / r.pyc >= GOAL_VS_PYCPARSER)


# ------------------------------------------------------------------ lint and lowering

def process_rows(prog, atomicc, env, cc, runs, timeout, scratch, goals, failures):
    """lint -j1 cold, -j2 cold, warm; lowering -j1; peak RSS.  `goals`: check the lint and memory goals here."""
    rows = []
    cache = os.path.join(scratch, "cache-" + prog.name)
    shutil.rmtree(cache, ignore_errors=True)
    lint = atomicc + ["lint", "--format=json", "--exit-zero"]
    out_dir = os.path.join(scratch, "lowered-" + prog.name) + os.sep
    variants = [
        ("lint lines/s, -j1, no cache", lint + ["-j", "1", "--no-cache"]),
        ("lint lines/s, -j2, no cache", lint + ["-j", "2", "--no-cache"]),
        ("lint lines/s, -j2, warm cache", lint + ["-j", "2", "--cache-dir", cache]),
        ("lower lines/s (atomicc FILES -o DIR/), -j1", atomicc + ["-j", "1", "--no-cache", "-o", out_dir]),
    ]
    t_gcc = _median([children_cpu(lambda: lintbench.gcc_once(cc, prog, timeout)) if CPU
                     else lintbench.gcc_once(cc, prog, timeout) for _ in range(runs)])
    rss_rows = []
    for what, cmd in variants:
        if "warm" in what:          # fill the cache first (not timed)
            lintbench.run_measured(cmd + prog.units, prog.cwd, env, timeout, scratch)
        walls, rss = [], 0
        for _ in range(runs):
            r = lintbench.run_measured(cmd + prog.units, prog.cwd, env, timeout, scratch)
            if r.rc != 0 or r.timed_out:
                failures.append("%s on %s: %s" % (what, prog.name, lintbench.short_error(r)))
                break
            walls.append(r.cpu if CPU else r.wall)
            rss = max(rss, r.maxrss)
        if not walls:
            continue
        wall = _median(walls)
        row = Row(what, prog.name, prog.pp_lines, None, "lines/s", ours=prog.pp_lines / wall,
                  gcc=prog.pp_lines / t_gcc)
        rows.append(row)
        if goals and what.startswith("lint") and "-j1" in what:
            row.goal(">= %s lines/s on one core" % format(int(GOAL_LINT_LINES_PER_S), ","),
                     row.ours >= GOAL_LINT_LINES_PER_S)
        if "-j1" in what:
            m = Row("peak RSS B/line (%s)" % what.split(" lines/s")[0], prog.name, prog.pp_lines, None, "B/line",
                    ours=rss / prog.pp_lines)
            if goals:
                m.goal("<= %d B/line" % GOAL_BYTES_PER_LINE, m.ours <= GOAL_BYTES_PER_LINE)
            rss_rows.append(m)
    return rows + rss_rows


def profile(prog, env, scratch, top, timeout):
    """cProfile of lint and of lowering (-j 1) on `prog`: the top functions by own time."""
    import pstats
    for what, args in (("lint", ["lint", "--format=json", "--exit-zero"]),
                       ("lowering", ["-o", os.path.join(scratch, "prof-out") + os.sep])):
        out = os.path.join(scratch, "%s.prof" % what)
        cmd = [sys.executable, "-m", "cProfile", "-o", out, "-m", "atomicc"] + args + ["-j", "1", "--no-cache"] + \
            prog.units
        r = lintbench.run_measured(cmd, prog.cwd, env, timeout, scratch)
        say("")
        say("== cProfile of %s on %s (%.1f s under the profiler), top %d by own time" % (what, prog.name, r.wall, top))
        if r.rc != 0 or not os.path.exists(out):
            say("  profile failed: %s" % lintbench.short_error(r))
            continue
        st = pstats.Stats(out)
        st.sort_stats("tottime")
        say("  %9s %9s %10s  function" % ("own s", "cum s", "calls"))
        for func in st.fcn_list[:top]:
            cc, nc, tt, ct, _ = st.stats[func]
            fn, line, name = func
            where = "%s:%d" % (os.path.relpath(fn, ROOT) if fn.startswith(ROOT) else os.path.basename(fn), line)
            say("  %9.2f %9.2f %10d  %s(%s)" % (tt, ct, nc, name, where))


# ------------------------------------------------------------------ report

def _median(xs):
    return statistics.median(xs)


def _num(v, unit):
    if v is None:
        return "-"
    if unit == "s":
        return "%.3f" % v
    return format(round(v), ",")


def print_table(rows):
    head = ("input", "measure", "lines", "tokens", "atomicc", "pycparser 3", "gcc -fsyntax-only",
            "vs pycparser", "vs gcc", "goal", "result")
    table = [head]
    for r in rows:
        goals = "; ".join(g for g, _ in r.goals) or "-"
        result = ("PASS" if all(ok for _, ok in r.goals) else "MISS") if r.goals else "-"
        ratio = lambda other: "%.2fx" % (r.ours / other if r.unit != "B/line" else other / r.ours) if other else "-"
        table.append((r.input, r.measure, _num(r.lines, ""), _num(r.tokens, ""), _num(r.ours, r.unit),
                      _num(r.pyc, r.unit), _num(r.gcc, r.unit), ratio(r.pyc), ratio(r.gcc), goals, result))
    widths = [max(len(str(row[i])) for row in table) for i in range(len(head))]
    left = {0, 1, 9, 10}
    for j, row in enumerate(table):
        cells = [str(c).ljust(w) if i in left else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths))]
        say("  ".join(cells).rstrip())
        if j == 0:
            say("  ".join("-" * w for w in widths))


def write_csv(path, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(("input", "measure", "unit", "lines", "tokens", "atomicc", "pycparser", "gcc", "goals", "result"))
        for r in rows:
            w.writerow((r.input, r.measure, r.unit, r.lines or "", r.tokens or "", "%.3f" % r.ours,
                        "%.3f" % r.pyc if r.pyc else "", "%.3f" % r.gcc if r.gcc else "",
                        "; ".join(g for g, _ in r.goals),
                        ("PASS" if all(ok for _, ok in r.goals) else "MISS") if r.goals else ""))


# ------------------------------------------------------------------ main

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small inputs, 1 repeat (under a minute)")
    ap.add_argument("--full", action="store_true", help="also a lintgen program of ~1M preprocessed lines")
    ap.add_argument("--repeats", type=int, help="timed repeats of each parse (default 3; quick 1)")
    ap.add_argument("--runs", type=int, help="runs of each lint/lowering process (default 1)")
    ap.add_argument("--lines", type=int, help="preprocessed lines of the generated unit (default 80000; quick 12000)")
    ap.add_argument("--lintgen", type=int, help="source lines of the lintgen program (default %d; quick %d)"
                    % (LINTGEN_SIZE, QUICK_LINTGEN_SIZE))
    ap.add_argument("--cc", default="gcc", help="C compiler for -E and -fsyntax-only (default gcc)")
    ap.add_argument("--timeout", type=float, default=1800.0, help="seconds per atomicc process (default 1800)")
    ap.add_argument("--cpu", action="store_true", help="time with CPU seconds instead of wall seconds (parses: this "
                    "process's; gcc, lint, lowering: the processes'), for a machine shared with other work")
    ap.add_argument("--csv", metavar="FILE", help="also write the rows as CSV")
    ap.add_argument("--profile", type=int, nargs="?", const=20, metavar="N",
                    help="also cProfile lint and lowering of the largest lintgen program, top N functions")
    args = ap.parse_args(argv)
    global CPU
    CPU = args.cpu
    repeats = args.repeats or (1 if args.quick else 3)
    runs = args.runs or 1
    if repeats < 1 or runs < 1:
        ap.error("--repeats and --runs must be >= 1")
    if shutil.which(args.cc) is None:
        ap.error("C compiler %r not found" % args.cc)
    try:
        from atomicc.cli import VERSION
        from atomicc.frontend.parser import Parser
    except ImportError:
        ap.error("the atomicc package is not installed in this Python (%s)" % sys.executable)
    try:
        import pycparser
        if int(getattr(pycparser, "__version__", "0").split(".")[0]) < 3:
            pycparser = None
    except (ImportError, ValueError):
        pycparser = None

    t_start = time.perf_counter()
    cc = [args.cc]
    env = dict(os.environ, CC=args.cc)
    env.pop("ATOMICC_CC", None)
    atomicc = [sys.executable, "-m", "atomicc"]
    say("atomicc %s: frontend, lint and lowering speed, memory, start-up  (python %s; %s; %d cores; "
        "pycparser %s; repeats %d%s)" % (VERSION, sys.version.split()[0],
                                         subprocess.run(cc + ["--version"], stdout=subprocess.PIPE,
                                                        universal_newlines=True).stdout.splitlines()[0],
                                         os.cpu_count() or 1,
                                         pycparser.__version__ if pycparser else "not installed (rows left out)",
                                         repeats, "; quick" if args.quick else "; full" if args.full else ""))
    if hasattr(os, "getloadavg"):
        say("load average at start: %.2f %.2f %.2f" % os.getloadavg())
    work = tempfile.mkdtemp(prefix="atomicc-compilerbench-")
    rows, failures = [], []
    try:
        parser = Parser()
        # -- inputs
        names = sorted(n for n in os.listdir(frontend.SAMPLES_DIR) if n.endswith(".c"))
        if args.quick:
            names = [n for n in frontend.QUICK_SAMPLES if n in names] or names[:2]
        samples = [(n, frontend.preprocess(args.cc, n, ["-D__ATOMICC__=1"], cwd=frontend.SAMPLES_DIR))
                   for n in names]
        gen_lines = args.lines or (12000 if args.quick else 80000)
        _, gen_text, nmod, _ = frontend.build_generated(args.cc, work, gen_lines, GEN_SEED)
        gen_name = "generated-%dk" % round(gen_text.count("\n") / 1000.0)
        sizes = [args.lintgen or (QUICK_LINTGEN_SIZE if args.quick else LINTGEN_SIZE)]
        if args.full:
            sizes.append(int(FULL_PP_LINES / PP_PER_SOURCE_LINE))
        progs = [lintbench.generated_program(n, lintgen.DEFAULT_SEED, work) for n in sizes]
        for n, p in zip(sizes, progs):
            p.name = "lintgen-%dk" % round(n / 1000.0)
            p.src_lines = sum(lintbench.count_lines(os.path.join(p.cwd, f)) for f in p.units + p.others)
            p.pp_lines = lintbench.preprocessed_lines(cc, p, args.timeout)
            say("  %s: %d units, %s source lines, %s preprocessed lines" % (
                p.name, len(p.units), format(p.src_lines, ","), format(p.pp_lines, ",")))
        say("  samples: %s; generated: %d modules, %s preprocessed lines"
            % (", ".join(names), nmod, format(gen_text.count("\n"), ",")))

        # -- frontend
        fr = []
        fr += frontend_rows(parser, "samples (%d)" % len(samples), samples, repeats, args.cc, work, True, pycparser,
                            raw_gcc=False)      # gcc cannot read the atomic { } blocks of the raw samples
        fr += frontend_rows(parser, gen_name, [("generated.c", gen_text)], repeats, args.cc, work, True, pycparser)
        p0 = progs[0]
        # without __ATOMICC__ its header defines `atomic` away: plain pthread C, which gcc reads too
        units = [(u, frontend.preprocess(args.cc, u, [], cwd=p0.cwd)) for u in p0.units]
        fr += frontend_rows(parser, p0.name, units, repeats, args.cc, work, False, None)
        del units
        frontend_goals(fr)
        rows += fr
        peak, _ = frontend.measure_memory(parser, ("generated.c", gen_text))
        m = Row("frontend peak heap B/line (tracemalloc, one parse)", gen_name, gen_text.count("\n"), None,
                "B/line", ours=peak / gen_text.count("\n"))
        m.goal("<= %d B/line" % GOAL_BYTES_PER_LINE, m.ours <= GOAL_BYTES_PER_LINE)
        rows.append(m)
        gc.collect()

        # -- lint and lowering, end to end
        for k, p in enumerate(progs):
            say("  measuring lint and lowering on %s ..." % p.name)
            rows += process_rows(p, atomicc, env, cc, runs, args.timeout, work, k == len(progs) - 1, failures)

        # -- start-up
        label, st, base = frontend.measure_startup(3 if args.quick else 7)
        s = Row("start-up s (%s; python -c pass: %.3f s)" % (label, _median(base)), "-", None, None, "s",
                ours=_median(st))
        s.goal("<= %.2f s" % GOAL_STARTUP_S, s.ours <= GOAL_STARTUP_S)
        rows.append(s)

        say("")
        say("== one table (medians; tokens/s and lines/s per %s second: higher is better; vs: atomicc's rate / the "
            "other tool's; lines: preprocessed)" % ("CPU" if CPU else "wall"))
        print_table(rows)
        say("")
        missed = [r for r in rows if r.goals and not all(ok for _, ok in r.goals)]
        say("goals: %d checked, %d PASS, %d MISS%s" % (
            sum(1 for r in rows if r.goals), sum(1 for r in rows if r.goals) - len(missed), len(missed),
            "" if not missed else " (%s)" % "; ".join("%s %s" % (r.input, r.measure) for r in missed)))
        say("gcc -fsyntax-only runs one process per unit (its start-up, ~10 ms, is in its time); in the lint and "
            "lowering rows its column is lines/s of -fsyntax-only over the same units.")
        for f in failures:
            say("FAILED: " + f)
        if args.csv:
            write_csv(args.csv, rows)
            say("rows written to %s" % args.csv)
        if args.profile:
            profile(progs[-1], env, work, args.profile, args.timeout * 4)
        say("total benchmark time %.1f s" % (time.perf_counter() - t_start))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
