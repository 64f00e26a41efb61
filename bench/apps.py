#!/usr/bin/env python3
"""Application benchmark: five multi-file Atomic C programs in the spirit of
the STAMP suite (bench/apps/), built under every strategy and run at a few
thread counts.

Apps (each bench/apps/NAME/*.c plus its data structures in lib/*.c; they
share bench/apps/common/apputil.h, which has no synchronisation):

* vacation   -- travel reservations in red-black trees (lib/rbtree.c)
* kmeans     -- k-means clustering, shared centre sums (lib/centers.c)
* genome     -- gene assembly through shared hash sets (lib/hashset.c)
* intruder   -- packet reassembly (lib/map.c) behind a work queue with
                `retry` (lib/queue.c), signature detection
* labyrinth  -- 3-D maze routing, paths committed if still free (lib/grid.c)

For each app and strategy the harness runs, from a temporary directory,

    python -m atomicc cc --strategy=S -O2 -I bench/apps/NAME <NAME's .c files> -o <tmp>/NAME.S

A strategy the compiler refuses ("strategy 'S' cannot be used") is
recorded as `illegal`; any other failure to build as `build error` with the
compiler's first error.  Every executable runs at each thread count
(`-t T`) --repeats times (interleaved across strategies); a cell is the
median of the `time:` lines (the parallel phase), and counts only if the
program printed `verify: ok` and exited 0.  It also runs

    python -m atomicc explain --format=json -I bench/apps/NAME <NAME's .c files>

and counts the strategy `auto` gave each block; when the compiler cannot
explain several files at once, it explains each file on its own and says so.

    python bench/apps.py                         # 3 repeats, 1 and 2 threads
    python bench/apps.py --quick                 # small inputs, 1 repeat
    python bench/apps.py --threads 1,2,4 --repeats 5 --only vacation,genome --csv apps.csv

Exit status: 0 when every program that built verified its result in every
run; 1 when a run failed its check, crashed or timed out.  Build errors and
illegal strategies are reported in their cells and do not fail the run
(multi-file compilation is still being built).
"""

import argparse
import concurrent.futures
import csv
import glob
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
APPS_DIR = os.path.join(HERE, "apps")

STRATEGIES = ("auto", "global", "pervar", "stm", "atomic-op")


class App:
    def __init__(self, name, title, size_what, quick_size):
        self.name, self.title = name, title
        self.size_what = size_what          # what -n counts
        self.quick_size = quick_size        # -n under --quick (None: the app's default)

    @property
    def dir(self):
        return os.path.join(APPS_DIR, self.name)

    def sources(self):
        """The app's .c files: its own, then lib/, each sorted."""
        return (sorted(glob.glob(os.path.join(self.dir, "*.c")))
                + sorted(glob.glob(os.path.join(self.dir, "lib", "*.c"))))


APPS = [
    App("vacation", "travel reservations, red-black trees", "transactions", 20000),
    App("kmeans", "k-means clustering, shared centre sums", "points", 10000),
    App("genome", "gene assembly, shared hash sets", "gene length", 16384),
    App("intruder", "packet reassembly behind a retry queue", "flows", 4096),
    App("labyrinth", "3-D maze routing", "pairs", 24),
]

TIME_RE = re.compile(r"^time:\s*([0-9.eE+-]+)\s*$", re.M)
VERIFY_OK_RE = re.compile(r"^verify: ok\s*$", re.M)
VERIFY_FAIL_RE = re.compile(r"^verify: FAILED(.*)$", re.M)
ILLEGAL_RE = re.compile(r"strategy '([\w-]+)' cannot be used[^\n]*")
ERROR_RE = re.compile(r"^(?:[^\n]*?:\d+:\d+: )?(?:fatal )?error: [^\n]*|^atomicc: [^\n]*", re.M)


def say(s=""):
    sys.stdout.write(s + "\n")
    sys.stdout.flush()


def short(text, n=110):
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 3] + "..."


def rel(path):
    try:
        return os.path.relpath(path, ROOT)
    except ValueError:
        return path


# ---------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------

class Build:
    """One executable: an app under one strategy."""

    def __init__(self, app, strategy, exe):
        self.app, self.strategy, self.exe = app, strategy, exe
        self.status = None      # "ok", "illegal", "build error", "timeout"
        self.note = ""
        self.seconds = 0.0

    @property
    def ok(self):
        return self.status == "ok"


def build_one(b, atomicc, env, build_dir, timeout):
    cmd = atomicc + ["cc", "--strategy=" + b.strategy, "-O2", "-I", b.app.dir] + b.app.sources() + ["-o", b.exe]
    t0 = time.perf_counter()
    try:
        r = subprocess.run(cmd, cwd=build_dir, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        b.status, b.note = "timeout", "build took more than %.0f s" % timeout
        return b
    except OSError as e:
        b.status, b.note = "build error", "cannot run %s: %s" % (atomicc[0], e)
        return b
    finally:
        b.seconds = time.perf_counter() - t0
    out = (r.stderr or "") + (r.stdout or "")
    if r.returncode == 0 and os.path.exists(b.exe):
        b.status = "ok"
        warnings = len(re.findall(r"\bwarning:", out))
        if warnings:
            b.note = "%d warning(s)" % warnings
        return b
    m = ILLEGAL_RE.search(out)
    if r.returncode == 1 and m:
        b.status = "illegal"
        # the compiler's reason, without the file:line prefix
        b.note = short(m.group(0).replace(APPS_DIR + os.sep, ""), 140)
        return b
    b.status = "build error"
    m = ERROR_RE.search(out)
    first = m.group(0) if m else (out.strip().splitlines() or ["exit %d" % r.returncode])[0]
    b.note = short(first.replace(APPS_DIR + os.sep, ""))
    return b


# ---------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------

class Cell:
    """The runs of one build at one thread count."""

    def __init__(self):
        self.times = []
        self.failures = []

    @property
    def median(self):
        return statistics.median(self.times) if self.times and not self.failures else None


def run_one(b, threads, size, timeout):
    cmd = [b.exe, "-t", str(threads)] + (["-n", str(size)] if size else [])
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "timeout after %.0f s" % timeout
    out = r.stdout or ""
    fail = VERIFY_FAIL_RE.search(out)
    if fail:
        return None, "verify FAILED" + fail.group(1)
    if r.returncode != 0:
        why = "killed by signal %d" % -r.returncode if r.returncode < 0 else "exit %d" % r.returncode
        tail = short((r.stderr or "").strip().splitlines()[-1]) if (r.stderr or "").strip() else ""
        return None, why + (": " + tail if tail else "")
    if not VERIFY_OK_RE.search(out):
        return None, "no 'verify: ok' line"
    m = TIME_RE.search(out)
    if not m:
        return None, "no 'time:' line"
    return float(m.group(1)), None


def measure(apps, builds, thread_counts, repeats, quick, timeout):
    """Runs round-robin: for each app and thread count, every build once per
    round, the starting build rotated each round."""
    cells = {}
    for app in apps:
        mine = [b for b in builds if b.app is app and b.ok]
        for t in thread_counts:
            for b in mine:
                cells[(app.name, b.strategy, t)] = Cell()
            for rnd in range(repeats):
                order = mine[rnd % len(mine):] + mine[:rnd % len(mine)] if mine else []
                for b in order:
                    cell = cells[(app.name, b.strategy, t)]
                    if cell.failures:
                        continue        # a failed cell is not run again
                    secs, err = run_one(b, t, app.quick_size if quick else None, timeout)
                    if err:
                        cell.failures.append(err)
                    else:
                        cell.times.append(secs)
            say("  %-10s %2d thread%s: %s" % (app.name, t, "" if t == 1 else "s", ", ".join(
                "%s %s" % (b.strategy, fmt_time(cells[(app.name, b.strategy, t)])) for b in mine) or "nothing built"))
    return cells


def fmt_time(cell):
    if cell is None:
        return "-"
    if cell.failures:
        return "FAIL"
    if not cell.times:
        return "-"
    return "%.3f" % cell.median


# ---------------------------------------------------------------------------
# atomicc explain
# ---------------------------------------------------------------------------

class Explained:
    def __init__(self, app):
        self.app = app
        self.mode = None        # "whole program" or "per file"
        self.blocks = []        # (file, line, function, strategy, why)
        self.errors = []        # (what, message)


def explain_cmd(atomicc, app, files):
    return atomicc + ["explain", "--format=json", "-I", app.dir] + files


def run_explain(atomicc, env, app, files, cwd, timeout):
    try:
        r = subprocess.run(explain_cmd(atomicc, app, files), cwd=cwd, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, universal_newlines=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "timeout after %.0f s" % timeout
    except OSError as e:
        return None, str(e)
    if r.returncode != 0:
        m = ERROR_RE.search(r.stderr or "")
        first = m.group(0) if m else ((r.stderr or "").strip().splitlines() or ["exit %d" % r.returncode])[-1]
        return None, short(first.replace(APPS_DIR + os.sep, ""))
    try:
        doc = json.loads(r.stdout)
    except ValueError as e:
        return None, "output is not JSON (%s)" % e
    blocks = doc.get("blocks") if isinstance(doc, dict) else None
    if not isinstance(blocks, list):
        return None, "JSON without a 'blocks' list"
    return blocks, None


def explain_app(atomicc, env, app, cwd, timeout):
    e = Explained(app)
    files = app.sources()

    def take(blocks, default_file=None):
        for b in blocks:
            e.blocks.append((b.get("file") or default_file or "?", b.get("line"), b.get("function"),
                             b.get("strategy") or "?", b.get("why") or ""))

    blocks, err = run_explain(atomicc, env, app, files, cwd, timeout)
    if err is None:
        e.mode = "whole program"
        take(blocks)
        return e
    e.errors.append(("explain of all %d files" % len(files), err))
    e.mode = "per file"
    for f in files:
        blocks, err = run_explain(atomicc, env, app, [f], cwd, timeout)
        if err is not None:
            e.errors.append((os.path.relpath(f, app.dir), err))
            continue
        take(blocks, f)
    return e


def strategy_counts(e):
    counts = {}
    for _, _, _, s, _ in e.blocks:
        counts[s] = counts.get(s, 0) + 1
    return counts


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------

def print_table(apps, strategies, builds, cells, thread_counts):
    by = {(b.app.name, b.strategy): b for b in builds}
    tcols = ["t=%d" % t for t in thread_counts]
    rcols = ["x global t=%d" % t for t in thread_counts]
    head = "%-10s %-9s %-11s " % ("app", "strategy", "build") + " ".join("%8s" % c for c in tcols) + "  " + \
        " ".join("%13s" % c for c in rcols) + "  note"
    say(head)
    say("-" * len(head))
    for app in apps:
        for s in strategies:
            b = by.get((app.name, s))
            if b is None:
                continue
            row = "%-10s %-9s %-11s " % (app.name, s, b.status)
            times, ratios, notes = [], [], []
            for t in thread_counts:
                c = cells.get((app.name, s, t)) if b.ok else None
                times.append("%8s" % fmt_time(c) if b.ok else "%8s" % "-")
                g = cells.get((app.name, "global", t))
                if c is not None and c.median and g is not None and g.median:
                    ratios.append("%13s" % ("%.2fx" % (g.median / c.median)))
                else:
                    ratios.append("%13s" % "-")
                if c is not None and c.failures:
                    notes.append("t=%d: %s" % (t, c.failures[0]))
            if b.note:
                notes.insert(0, b.note)
            say(row + " ".join(times) + "  " + " ".join(ratios) + ("  " + "; ".join(notes) if notes else ""))
        say("")


def print_explain(explained, strategies):
    say("== what `auto` chose (atomicc explain --format=json)")
    for e in explained:
        counts = strategy_counts(e)
        # in the order of `strategies`, then anything else
        order = [s for s in strategies if s in counts] + sorted(s for s in counts if s not in strategies)
        shown = ", ".join("%s %d" % (s, counts[s]) for s in order) if counts else "no blocks reported"
        say("  %-10s %3d blocks (%s): %s" % (e.app.name, len(e.blocks), e.mode, shown))
        for what, err in e.errors:
            say("  %-10s     %s failed: %s" % ("", what, err))
    say("")


def write_csv(path, apps, strategies, builds, cells, thread_counts, explained):
    by = {(b.app.name, b.strategy): b for b in builds}
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["kind", "app", "strategy", "status", "threads", "runs", "median_seconds", "ratio_to_global",
                    "min_seconds", "max_seconds", "note", "seconds"])
        for app in apps:
            for s in strategies:
                b = by.get((app.name, s))
                if b is None:
                    continue
                if not b.ok:
                    w.writerow(["run", app.name, s, b.status, "", 0, "", "", "", "", b.note, ""])
                    continue
                for t in thread_counts:
                    c = cells.get((app.name, s, t))
                    if c is None:
                        continue
                    g = cells.get((app.name, "global", t))
                    ratio = "%.4f" % (g.median / c.median) if c.median and g is not None and g.median else ""
                    w.writerow(["run", app.name, s, "fail" if c.failures else "ok", t, len(c.times),
                                "%.6f" % c.median if c.median else "", ratio,
                                "%.6f" % min(c.times) if c.times else "", "%.6f" % max(c.times) if c.times else "",
                                "; ".join(([b.note] if b.note else []) + c.failures),
                                " ".join("%.6f" % x for x in c.times)])
        for e in explained:
            counts = strategy_counts(e)
            for s in sorted(counts):
                w.writerow(["explain", e.app.name, s, e.mode, "", counts[s], "", "", "", "",
                            "; ".join("%s: %s" % x for x in e.errors), ""])
            if not counts:
                w.writerow(["explain", e.app.name, "", e.mode, "", 0, "", "", "", "",
                            "; ".join("%s: %s" % x for x in e.errors), ""])
            for file, line, func, s, why in e.blocks:
                w.writerow(["block", e.app.name, s, e.mode, "", "", "", "", "", "",
                            "%s:%s in %s: %s" % (os.path.relpath(file, e.app.dir) if os.path.isabs(file) else file,
                                                 line, func, why), ""])


# ---------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small inputs, 1 repeat (smoke run)")
    ap.add_argument("--repeats", type=int, default=None, help="runs per cell, median reported (default 3; quick 1)")
    ap.add_argument("--threads", default="1,2", help="comma-separated thread counts (default 1,2)")
    ap.add_argument("--only", default=None, help="comma-separated apps: " + ",".join(a.name for a in APPS))
    ap.add_argument("--strategies", default=",".join(STRATEGIES),
                    help="comma-separated strategies (default %s)" % ",".join(STRATEGIES))
    ap.add_argument("--csv", metavar="FILE", help="also write every cell and every explained block as CSV")
    ap.add_argument("--timeout", type=float, default=None, help="seconds per run (default 120; quick 30)")
    ap.add_argument("--build-timeout", type=float, default=600.0, help="seconds per build (default 600)")
    ap.add_argument("--atomicc", default=None,
                    help="atomicc command (default: this Python with -m atomicc)")
    ap.add_argument("--cc", default=None, help="C compiler atomicc uses ($CC; default its own: gcc)")
    ap.add_argument("--jobs", type=int, default=None, help="parallel builds (default: number of CPUs)")
    ap.add_argument("--keep", metavar="DIR", help="build into DIR and keep it (default: a temporary directory)")
    ap.add_argument("--no-explain", action="store_true", help="skip atomicc explain")
    args = ap.parse_args(argv)

    repeats = args.repeats if args.repeats is not None else (1 if args.quick else 3)
    if repeats < 1:
        ap.error("--repeats must be >= 1")
    try:
        thread_counts = sorted({int(x) for x in args.threads.split(",") if x.strip()})
    except ValueError:
        ap.error("--threads wants comma-separated integers")
    if not thread_counts or min(thread_counts) < 1 or max(thread_counts) > 64:
        ap.error("--threads: counts must be within 1..64")
    apps = APPS
    if args.only:
        want = [x.strip() for x in args.only.split(",") if x.strip()]
        unknown = [x for x in want if x not in {a.name for a in APPS}]
        if unknown:
            ap.error("--only: unknown app(s) %s; choose from %s" % (", ".join(unknown), ", ".join(a.name for a in APPS)))
        apps = [a for a in APPS if a.name in want]
    strategies = [s.strip() for s in args.strategies.split(",") if s.strip()]
    if not strategies:
        ap.error("--strategies: none given")
    timeout = args.timeout or (30.0 if args.quick else 120.0)
    atomicc = args.atomicc.split() if args.atomicc else [sys.executable, "-m", "atomicc"]
    env = dict(os.environ)
    if args.cc:
        env["CC"] = args.cc

    t_start = time.perf_counter()
    try:
        version = subprocess.run(atomicc + ["--version"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 universal_newlines=True, env=env, cwd=tempfile.gettempdir(),
                                 timeout=120).stdout.strip()
    except (OSError, subprocess.TimeoutExpired) as e:
        ap.error("cannot run atomicc (%s): %s" % (" ".join(atomicc), e))
    cc = env.get("CC", "gcc")
    try:
        cc_version = subprocess.run([cc, "--version"], stdout=subprocess.PIPE,
                                    universal_newlines=True).stdout.splitlines()[0]
    except (OSError, IndexError):
        cc_version = cc + " ?"
    try:
        git = subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, universal_newlines=True).stdout.strip() or "?"
    except OSError:
        git = "?"
    say("atomicc application benchmark  (%s; %s; %d cores; git %s; repeats %d; threads %s%s)"
        % (version or "atomicc ?", cc_version, os.cpu_count() or 1, git, repeats,
           ",".join(map(str, thread_counts)), "; quick" if args.quick else ""))
    for app in apps:
        say("  %-10s %-42s %d files: %s" % (app.name, app.title, len(app.sources()),
                                             " ".join(os.path.relpath(f, app.dir) for f in app.sources())))

    if args.keep:
        build_dir = os.path.abspath(args.keep)
        os.makedirs(build_dir, exist_ok=True)
    else:
        build_dir = tempfile.mkdtemp(prefix="atomicc-apps-")
    failed = False
    try:
        builds = [Build(app, s, os.path.join(build_dir, "%s.%s" % (app.name, s))) for app in apps for s in strategies]
        t0 = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs or os.cpu_count() or 1) as ex:
            list(ex.map(lambda b: build_one(b, atomicc, env, build_dir, args.build_timeout), builds))
        say("")
        say("built %d of %d in %.1f s into %s (%d illegal, %d build errors)"
            % (sum(b.ok for b in builds), len(builds), time.perf_counter() - t0, build_dir,
               sum(b.status == "illegal" for b in builds),
               sum(b.status in ("build error", "timeout") for b in builds)))

        explained = []
        if not args.no_explain:
            with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs or os.cpu_count() or 1) as ex:
                explained = list(ex.map(lambda a: explain_app(atomicc, env, a, build_dir, args.build_timeout), apps))

        say("")
        say("running (median seconds of the parallel phase; FAIL: a run did not verify)")
        t0 = time.perf_counter()
        cells = measure(apps, builds, thread_counts, repeats, args.quick, timeout)
        say("measured in %.1f s" % (time.perf_counter() - t0))
        failed = any(c.failures for c in cells.values())

        say("")
        say("== median time of the parallel phase in seconds; 'x global' = global's time / this time "
            "(above 1: faster than global)")
        print_table(apps, strategies, builds, cells, thread_counts)
        if explained:
            print_explain(explained, strategies)
        if args.csv:
            write_csv(args.csv, apps, strategies, builds, cells, thread_counts, explained)
            say("rows written to %s" % args.csv)
        say("total benchmark time %.1f s" % (time.perf_counter() - t_start))
    finally:
        if not args.keep:
            shutil.rmtree(build_dir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
