#!/usr/bin/env python3
"""bench/fidelity.py: does the simulator rank the strategies as real cores do?

For each benchmark program of `atomicc bench` (compiler/bench/programs/), build
it once per strategy for this machine and once for the simulator (the bench
harness's own build code: plan_builds / plan_program / share_auto_builds /
build_one), then

  * natively, at 1 and 2 threads, pinned with `taskset -c 0` / `taskset -c 0,1`
    (or sched_setaffinity in the child when taskset is missing): >= 9 runs per
    cell, the repeats interleaved across strategies (the order rotates each
    round) so that a change of host load hits every strategy alike; the work
    per run is calibrated so that the fastest cell takes >= --min-seconds;
    the median is the cell's time, min-max and the IQR its spread; a (program,
    count) group with a cell whose IQR exceeds --noisy of its median gets one
    more round of repeats (pooled) -- the output says which;
  * on the simulator at 1 and 2 vCPUs, once each (runs are deterministic).

Then for each (program, count): throughput and rank of every forced strategy
in both worlds, whether the simulator picks the same best strategy, the
discordant pairs and Kendall's tau between the rankings, the ratio sim/native
of each strategy's throughput relative to `global` at the same count, and the
2-vs-1 speedup of each strategy in both worlds.  `auto` is shown (not ranked):
natively it is planned for this machine, on the simulator for N vCPUs.

    /tmp/venvM/bin/python bench/fidelity.py                      # 6 micro-programs, 9 repeats
    python bench/fidelity.py --quick                             # 3 programs, 3 repeats, short runs
    python bench/fidelity.py --programs bank-16,list --md f.md --csv f.csv
    python bench/fidelity.py --native-csv f.csv --sim-env DIRTY=120 --md f-dirty.md
                                      # reuse measured native cells, rerun only the simulator with a knob

Exit status 0 when every run completed, 1 when a build or run failed, 2 on a
usage error.  Documentation and results: docs/fidelity.md.
"""

import argparse
import concurrent.futures
import csv
import inspect
import json
import math
import os
import shutil
import statistics
import sys
import tempfile
import time

try:
    from atomicc.bench import harness as H
except ImportError:          # run from a checkout without an install: the package dir is compiler/
    sys.stderr.write("fidelity.py: cannot import atomicc (use a Python where atomicc is installed, "
                     "e.g. pip install -e .)\n")
    sys.exit(2)

MICRO = ("bank-1024", "bank-16", "list", "hashmap", "queue", "counters")
APPS = ("genome", "intruder", "kmeans", "labyrinth", "vacation")
QUICK_PROGRAMS = ("bank-1024", "bank-16", "counters")
COUNTS = (1, 2)
FORCED = H.FORCED


def say(s=""):
    sys.stdout.write(s + "\n")
    sys.stdout.flush()


# ---------------------------------------------------------------------------
# Pinning
# ---------------------------------------------------------------------------

def pin_cpus(n):
    """The host CPUs a run with n threads is pinned to: the first n of ours."""
    mine = sorted(os.sched_getaffinity(0))
    return mine[:n] if len(mine) >= n else mine


def pinning(n):
    """(argv prefix, preexec_fn, text) that pin a native run with n threads."""
    cpus = pin_cpus(n)
    text = ",".join(map(str, cpus))
    taskset = shutil.which("taskset")
    if taskset:
        return [taskset, "-c", text], None, "taskset -c " + text
    return [], (lambda: os.sched_setaffinity(0, cpus)), "sched_setaffinity(%s)" % text


# ---------------------------------------------------------------------------
# Builds (the harness's code)
# ---------------------------------------------------------------------------

def build_world(programs, strategies, target, build_dir, jobs):
    """Build every program under every strategy for one target ("native" or "sim") with the
    harness's functions.  Returns (builds, picks {(program, cpus or None): {strategy: blocks}})."""
    counts = list(COUNTS) if target == "sim" else [None]
    os.makedirs(build_dir, exist_ok=True)
    opt = H.Options(programs, strategies, list(COUNTS), target, 1, build_dir, False, False, 60.0, 1.0, jobs)
    builds = H.plan_builds(opt, build_dir)
    forced = [b for b in builds if b.strategy != "auto"]
    plans = {}
    with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
        # (newer harnesses plan for a target; older ones for the simulator only)
        kw = {"target": target} if "target" in inspect.signature(H.plan_program).parameters else {}
        pf = {p.name: ex.submit(H.plan_program, p, counts, [s for s in strategies if s in FORCED], build_dir, **kw)
              for p in programs} if "auto" in strategies else {}
        for f in [ex.submit(H.build_one, b, target, build_dir) for b in forced]:
            f.result()
        plans = {k: f.result() for k, f in pf.items()}
        todo = H.share_auto_builds(builds, plans, opt)
        for f in [ex.submit(H.build_one, b, target, build_dir) for b in todo]:
            f.result()
    for b in builds:       # an auto build that is another auto build's code
        if b.same_as is not None and b.same_as.strategy == "auto" and b.status is None:
            b.exe, b.status, b.note, b.output = b.same_as.exe, b.same_as.status, b.same_as.note, b.same_as.output
    picks = {}
    for name, plan in plans.items():
        if plan:
            for n, entry in plan["auto"].items():
                picks[(name, n)] = entry.get("pick") if entry else None
    return builds, picks


def write_manifest(path, world, builds, picks):
    """Record what build_world made (for --sim-builds): one entry per build."""
    data = {}
    if os.path.exists(path):
        with open(path) as f:
            data = json.load(f)
    data[world] = [{"program": b.prog.name, "strategy": b.strategy, "cpus": b.cpus, "exe": b.exe,
                    "status": b.status, "note": b.note, "same_as": twin_of(b),
                    "pick": picks.get((b.prog.name, b.cpus if world == "sim" else None))}
                   for b in builds]
    with open(path, "w") as f:
        json.dump(data, f, indent=1)


def load_builds(path, world, programs, strategies):
    """The builds of an earlier --keep run (its manifest.json), without building anything."""
    with open(path) as f:
        entries = json.load(f)[world]
    by_name = {p.name: p for p in programs}
    builds, picks, forced = [], {}, {}
    for e in sorted(entries, key=lambda e: e["strategy"] == "auto"):
        p = by_name.get(e["program"])
        if p is None or e["strategy"] not in strategies:
            continue
        b = H.Build(p, e["strategy"], e["cpus"], e["exe"])
        b.status, b.note = e["status"], e["note"]
        if e["strategy"] != "auto":
            forced[(p.name, e["strategy"])] = b
        elif e.get("same_as") and (p.name, e["same_as"]) in forced:
            b.same_as = forced[(p.name, e["same_as"])]
            b.exe = b.same_as.exe
        if b.status == "ok" and not os.path.exists(b.exe):
            b.status, b.note = "failed", "%s is gone" % b.exe
        if e["strategy"] == "auto":
            picks[(p.name, e["cpus"] if world == "sim" else None)] = e.get("pick")
        builds.append(b)
    return builds, picks


def twin_of(b):
    """The forced strategy whose executable an auto build is, or None."""
    if b is not None and b.same_as is not None and b.same_as.strategy != "auto":
        return b.same_as.strategy
    return None


# ---------------------------------------------------------------------------
# Cells
# ---------------------------------------------------------------------------

class Cell:
    def __init__(self, world, prog, strategy, cpus):
        self.world, self.prog, self.strategy, self.cpus = world, prog, strategy, cpus
        self.status = "ok"          # ok, n/a, failed
        self.note = ""
        self.work = None
        self.ops = None
        self.seconds = []
        self.loads = []             # 1-minute load average before each native round
        self.rounds = 0
        self.rerun = False
        self.report = {}
        self.same_as = None         # auto: the forced strategy whose code it is
        self.pick = None            # auto: {strategy: blocks}

    def _rate(self, s):
        return self.ops / s if self.ops and s and s > 0 else None

    @property
    def median(self):
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def throughput(self):
        return self._rate(self.median) if self.status == "ok" else None

    @property
    def tmin(self):
        return self._rate(max(self.seconds)) if self.seconds and self.status == "ok" else None

    @property
    def tmax(self):
        return self._rate(min(self.seconds)) if self.seconds and self.status == "ok" else None

    def iqr_rates(self):
        """(q1, q3) of the throughput over the runs (None with fewer than 4 runs)."""
        if len(self.seconds) < 4 or self.status != "ok":
            return None
        q = statistics.quantiles(self.seconds, n=4, method="inclusive")
        return self._rate(q[2]), self._rate(q[0])

    def rel_iqr(self):
        """IQR of the run times / their median."""
        if len(self.seconds) < 4:
            return 0.0
        q = statistics.quantiles(self.seconds, n=4, method="inclusive")
        return (q[2] - q[0]) / self.median if self.median else 0.0


def run_cell(cell, b, work, timeout, prefix=(), preexec_fn=None, report_path=None):
    ops, secs, report, fail = H.run_one(b, cell.cpus, work, cell.world, timeout, report_path,
                                        prefix=prefix, preexec_fn=preexec_fn)
    if fail:
        cell.status, cell.note = "failed", fail
        return None
    cell.ops, cell.work = ops, work
    cell.seconds.append(secs)
    if report:
        cell.report = report
    return secs


def make_cells(world, programs, strategies, builds, picks):
    """{(program, strategy, cpus): Cell} with the build each runs (cells of an auto build that
    is a forced strategy's code share that strategy's Cell)."""
    cells, runs = {}, {}
    for p in programs:
        for n in COUNTS:
            for s in strategies:
                b = H.build_for(builds, p, s, n)
                c = Cell(world, p.name, s, n)
                if s == "auto":
                    c.pick = picks.get((p.name, n if world == "sim" else None))
                    c.same_as = twin_of(b)
                if b is None or b.status != "ok":
                    c.status = "failed" if b is not None and b.status == "failed" else "n/a"
                    c.note = b.note if b is not None else "not built"
                elif n > p.max_threads:
                    c.status, c.note = "n/a", "at most %d threads" % p.max_threads
                elif c.same_as is not None and c.same_as in strategies:
                    twin = cells[(p.name, c.same_as, n)]
                    c.seconds, c.report = twin.seconds, twin.report     # the very same runs
                    c._twin = twin
                else:
                    runs[(p.name, s, n)] = b
                cells[(p.name, s, n)] = c
    return cells, runs


def sync_twins(cells):
    for c in cells.values():
        t = getattr(c, "_twin", None)
        if t is not None:
            c.ops, c.work, c.seconds, c.report, c.loads, c.rounds = t.ops, t.work, t.seconds, t.report, t.loads, t.rounds
            c.rerun = t.rerun
            if t.status != "ok":
                c.status, c.note = t.status, t.note


# ---------------------------------------------------------------------------
# Simulator
# ---------------------------------------------------------------------------

def run_sim(args, programs, strategies, build_dir):
    t0 = time.perf_counter()
    if args.sim_builds:
        builds, picks = load_builds(os.path.join(args.sim_builds, "manifest.json"), "sim", programs, strategies)
        say("sim: %d executables of %s (not rebuilt)" % (sum(1 for b in builds if b.ok and b.same_as is None),
                                                          args.sim_builds))
    else:
        builds, picks = build_world(programs, strategies, "sim", os.path.join(build_dir, "sim"), args.jobs)
        write_manifest(os.path.join(build_dir, "manifest.json"), "sim", builds, picks)
        say("sim: built %d executables in %.1f s" % (sum(1 for b in builds if b.ok and b.same_as is None),
                                                      time.perf_counter() - t0))
    cells, runs = make_cells("sim", programs, strategies, builds, picks)
    reports = os.path.join(build_dir, "reports")
    os.makedirs(reports, exist_ok=True)
    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
        futs = []
        for (pname, s, n), b in runs.items():
            p = next(q for q in programs if q.name == pname)
            work = p.work(args.quick, "sim", args.sim_scale)
            rp = os.path.join(reports, "%s.%s.%d.json" % (pname, s, n))
            futs.append(ex.submit(run_cell, cells[(pname, s, n)], b, work, args.timeout, (), None, rp))
        for f in futs:
            f.result()
    sync_twins(cells)
    say("sim: %d runs in %.1f s" % (len(runs), time.perf_counter() - t0))
    return cells


# ---------------------------------------------------------------------------
# Native
# ---------------------------------------------------------------------------

def nice_factor(x):
    """The smallest of 1, 2, 5, 10, 20, 50, ... that is >= x."""
    f = 1
    while f < x:
        for m in (2, 2.5, 2):
            f = int(f * m)
            if f >= x:
                break
    return f


def run_native(args, programs, strategies, build_dir):
    t0 = time.perf_counter()
    builds, picks = build_world(programs, strategies, "native", os.path.join(build_dir, "native"), args.jobs)
    write_manifest(os.path.join(build_dir, "manifest.json"), "native", builds, picks)
    say("native: built %d executables in %.1f s" % (sum(1 for b in builds if b.ok and b.same_as is None),
                                                     time.perf_counter() - t0))
    cells, runs = make_cells("native", programs, strategies, builds, picks)
    pins = {n: pinning(n) for n in COUNTS}
    say("native: pinning %s" % "; ".join("%d thread%s: %s" % (n, "s" if n > 1 else "", pins[n][2])
                                          for n in COUNTS))
    t0 = time.perf_counter()
    for p in programs:
        keys = [k for k in runs if k[0] == p.name]
        if not keys:
            continue
        # calibrate: one probe run of every cell with the harness's native work
        base = p.work(args.quick, "native", 1.0)
        fastest = None
        for k in keys:
            probe = Cell("native", *k)
            s = run_cell(probe, runs[k], base, args.timeout, pins[k[2]][0], pins[k[2]][1])
            if s is not None:
                fastest = s if fastest is None else min(fastest, s)
        factor = nice_factor(args.min_seconds / fastest) if fastest else 1
        factor = max(1, min(factor, args.max_factor))
        work = base * factor
        say("native: %-10s work %s per run (harness native work x%d; fastest probe %.4f s)"
            % (p.name, "{:,}".format(work), factor, fastest or 0))
        for n in COUNTS:
            group = [k for k in keys if k[2] == n]
            extra = 0
            rounds = args.repeats
            while True:
                for r in range(rounds):
                    load = os.getloadavg()[0]
                    k0 = r % len(group)
                    for k in group[k0:] + group[:k0]:
                        c = cells[k]
                        if c.status != "ok":
                            continue
                        c.loads.append(load)
                        c.rounds += 1
                        run_cell(c, runs[k], work, args.timeout, pins[n][0], pins[n][1])
                noisy = [k for k in group if cells[k].status == "ok" and cells[k].rel_iqr() > args.noisy]
                if not noisy or extra >= args.max_reruns:
                    break
                extra += 1
                say("native: %s at %d: IQR > %.0f%% of the median for %s: %d more rounds of the group"
                    % (p.name, n, 100 * args.noisy, ",".join(k[1] for k in noisy), rounds))
                for k in group:
                    cells[k].rerun = True
    sync_twins(cells)
    say("native: ran in %.1f s" % (time.perf_counter() - t0))
    return cells


NATIVE_CSV_NEEDS = ("program", "world", "strategy", "cpus", "status", "ops", "runs_seconds")


def load_native(path, programs, strategies):
    cells = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row.get("world") != "native":
                continue
            c = Cell("native", row["program"], row["strategy"], int(row["cpus"]))
            c.status, c.note = row["status"], row.get("note", "")
            c.ops = int(row["ops"]) if row.get("ops") else None
            c.work = int(row["work"]) if row.get("work") else None
            c.seconds = [float(x) for x in (row.get("runs_seconds") or "").split()]
            c.loads = [float(x) for x in (row.get("load_avgs") or "").split()]
            c.rerun = row.get("rerun") == "yes"
            c.same_as = row.get("same_code_as") or None
            if row.get("auto_pick"):
                c.pick = {k: int(v) for k, _, v in (x.partition(":") for x in row["auto_pick"].split())}
            cells[(c.prog, c.strategy, c.cpus)] = c
    for p in programs:
        for n in COUNTS:
            for s in strategies:
                if (p.name, s, n) not in cells:
                    c = cells[(p.name, s, n)] = Cell("native", p.name, s, n)
                    c.status, c.note = "failed", "not in %s" % path
    return cells


# ---------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------

def ranks(rates):
    """{strategy: rank} (1 = fastest) of {strategy: throughput}."""
    order = sorted(rates, key=lambda s: -rates[s])
    return {s: i + 1 for i, s in enumerate(order)}


def compare(pname, n, strategies, nat, sim):
    """The comparison of one (program, count): a dict."""
    ss = [s for s in strategies if s in FORCED and nat[(pname, s, n)].throughput and sim[(pname, s, n)].throughput]
    rn = {s: nat[(pname, s, n)].throughput for s in ss}
    rs = {s: sim[(pname, s, n)].throughput for s in ss}
    out = {"program": pname, "cpus": n, "strategies": ss, "native": rn, "sim": rs,
           "rank_native": ranks(rn), "rank_sim": ranks(rs)}
    if not ss:
        return out
    bn = max(ss, key=lambda s: rn[s])
    bs = max(ss, key=lambda s: rs[s])
    out["best_native"], out["best_sim"] = bn, bs
    # the native best is "clear" when the runner-up's best run is slower than its worst run
    lo = nat[(pname, bn, n)].tmin
    clear = all(nat[(pname, s, n)].tmax < lo for s in ss if s != bn)
    out["best_clear"] = clear
    pairs, disc, soft = 0, [], []
    for i, a in enumerate(ss):
        for b in ss[i + 1:]:
            pairs += 1
            if (rn[a] - rn[b]) * (rs[a] - rs[b]) < 0:
                # a pair whose native run ranges overlap is within the host's noise
                ca, cb = nat[(pname, a, n)], nat[(pname, b, n)]
                overlap = not (ca.tmin > cb.tmax or cb.tmin > ca.tmax)
                (soft if overlap else disc).append((a, b) if rn[a] > rn[b] else (b, a))
    out["pairs"], out["discordant"], out["discordant_noise"] = pairs, disc, soft
    nd = len(disc) + len(soft)
    out["tau"] = (pairs - 2 * nd) / pairs if pairs else None
    if n == COUNTS[-1]:
        out["speedup_native"], out["speedup_sim"] = {}, {}
        for s in ss:
            a, b = speedup(nat, pname, s), speedup(sim, pname, s)
            if a and b:
                out["speedup_native"][s], out["speedup_sim"][s] = a, b
    g = "global"
    if g in ss:
        out["rel_native"] = {s: rn[s] / rn[g] for s in ss}
        out["rel_sim"] = {s: rs[s] / rs[g] for s in ss}
        out["rel_ratio"] = {s: out["rel_sim"][s] / out["rel_native"][s] for s in ss}
    return out


def speedup(cells, pname, s):
    a, b = cells[(pname, s, 1)].throughput, cells[(pname, s, 2)].throughput
    return b / a if a and b else None


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

fmt_rate = H.fmt_rate


def fx(v, d=2):
    return "-" if v is None else ("%.*fx" % (d, v))


def spread_text(c):
    if c.status != "ok" or not c.seconds:
        return ""
    q = c.iqr_rates()
    return "%s-%s" % (fmt_rate(c.tmin), fmt_rate(c.tmax)) + \
        (" (IQR %s-%s)" % (fmt_rate(q[0]), fmt_rate(q[1])) if q else "")


def cell_text(c, with_spread=False):
    if c.status == "n/a":
        return "n/a"
    if c.status != "ok":
        return "FAILED"
    t = fmt_rate(c.throughput)
    if with_spread and len(c.seconds) > 1:
        t += " [%s-%s]" % (fmt_rate(c.tmin), fmt_rate(c.tmax))
    return t


def auto_text(c):
    pk = H.pick_text(c.pick) if c.pick else "?"
    return "picks %s%s" % (pk, " = %s's code" % c.same_as if c.same_as else "")


def program_rows(p, strategies, nat, sim, comps):
    """Rows of the per-program table: [strategy, (per count: native, rank, sim, rank, rel sim/nat),
    speedup native, speedup sim]."""
    rows = []
    for s in strategies:
        row = [s]
        for n in COUNTS:
            cn, cs = nat[(p.name, s, n)], sim[(p.name, s, n)]
            cmp_ = comps[(p.name, n)]
            if cn.status == "n/a" and cs.status == "n/a":
                row += ["n/a", "", "n/a", "", ""]
                continue
            row.append(cell_text(cn, True))
            row.append(str(cmp_["rank_native"].get(s, "")))
            row.append(cell_text(cs))
            row.append(str(cmp_["rank_sim"].get(s, "")))
            rr = cmp_.get("rel_ratio", {}).get(s)
            row.append("%.2f / %.2f = %.2f" % (cmp_["rel_sim"][s], cmp_["rel_native"][s], rr) if rr else "")
        row.append(fx(speedup(nat, p.name, s)))
        row.append(fx(speedup(sim, p.name, s)))
        rows.append(row)
    return rows


HEAD = ["strategy"] + [x for n in COUNTS for x in ("native %d" % n, "rk", "sim %d" % n, "rk",
                                                   "rel sim / rel nat (%d)" % n)] + ["2v1 nat", "2v1 sim"]


def verdict(cmp_):
    if not cmp_["strategies"]:
        return "no strategy measured in both worlds"
    same = cmp_["best_native"] == cmp_["best_sim"]
    nd = len(cmp_["discordant"]) + len(cmp_["discordant_noise"])
    t = "best: native %s%s, sim %s -> %s; discordant pairs %d/%d (tau %.2f)" % (
        cmp_["best_native"], "" if cmp_["best_clear"] else " (within noise)", cmp_["best_sim"],
        "SAME" if same else "DIFFERENT", nd, cmp_["pairs"], cmp_["tau"])
    if cmp_["discordant"]:
        t += "; native-faster-first: " + ", ".join("%s>%s" % d for d in cmp_["discordant"])
    if cmp_["discordant_noise"]:
        t += "; within native noise: " + ", ".join("%s>%s" % d for d in cmp_["discordant_noise"])
    return t


def print_text(args, programs, strategies, nat, sim, comps, meta):
    for p in programs:
        rows = program_rows(p, strategies, nat, sim, comps)
        w = [max(len(HEAD[i]), max(len(r[i]) for r in rows)) for i in range(len(HEAD))]
        say("")
        c1 = next((nat[(p.name, s, 1)] for s in strategies if nat[(p.name, s, 1)].work), None)
        say("== %s: %s  [native: %s ops/run, median of %s runs; sim: %s ops/run]"
            % (p.name, p.title, "{:,}".format(c1.work) if c1 else "?",
               "/".join(sorted({str(len(nat[(p.name, s, n)].seconds)) for s in strategies for n in COUNTS
                                if nat[(p.name, s, n)].status == "ok"})) or "?",
               "{:,}".format(p.work(args.quick, "sim", args.sim_scale))))
        say("  ".join(h.ljust(w[i]) for i, h in enumerate(HEAD)).rstrip())
        for r in rows:
            if r[1] == "n/a" and r[6] == "n/a":
                say("%s  n/a: %s" % (r[0].ljust(w[0]), (nat[(p.name, r[0], 1)].note or "")[:100]))
                continue
            line = "  ".join(x.ljust(w[i]) for i, x in enumerate(r)).rstrip()
            if r[0] == "auto":
                line += "   native: %s; sim: %s" % (auto_text(nat[(p.name, "auto", 1)]),
                                                    "; ".join("%d: %s" % (n, auto_text(sim[(p.name, "auto", n)]))
                                                              for n in COUNTS))
            say(line)
        for n in COUNTS:
            say("  %d: %s" % (n, verdict(comps[(p.name, n)])))
        reruns = [n for n in COUNTS if any(nat[(p.name, s, n)].rerun for s in strategies)]
        if reruns:
            say("  (native groups re-run for noise at %s)" % ",".join(map(str, reruns)))
    say("")
    say("== summary")
    for line in summary_lines(programs, comps, md=False):
        say(line)


def summary_rows(programs, comps):
    rows = []
    for p in programs:
        for n in COUNTS:
            c = comps[(p.name, n)]
            if not c["strategies"]:
                rows.append([p.name, str(n), "-", "-", "-", "-", "-", "-"])
                continue
            nd = len(c["discordant"]) + len(c["discordant_noise"])
            rr = c.get("rel_ratio", {})
            worst = max((s for s in rr if s != "global"), key=lambda s: abs(math.log(rr[s])), default=None)
            rows.append([p.name, str(n), c["best_native"] + ("" if c["best_clear"] else "~"), c["best_sim"],
                         "yes" if c["best_native"] == c["best_sim"] else "NO",
                         "%d/%d%s" % (nd, c["pairs"], " (%d in noise)" % len(c["discordant_noise"])
                                      if c["discordant_noise"] else ""),
                         "%.2f" % c["tau"],
                         "%s %.2f" % (worst, rr[worst]) if worst else "-"])
    return rows


SUM_HEAD = ["program", "n", "best native", "best sim", "same", "discordant", "tau", "worst rel sim/nat"]


def summary_lines(programs, comps, md):
    rows = summary_rows(programs, comps)
    same = sum(1 for r in rows if r[4] == "yes")
    tot = sum(1 for r in rows if r[4] in ("yes", "NO"))
    if md:
        out = ["| " + " | ".join(SUM_HEAD) + " |", "|" + "---|" * len(SUM_HEAD)]
        out += ["| " + " | ".join(r) + " |" for r in rows]
    else:
        w = [max(len(SUM_HEAD[i]), max(len(r[i]) for r in rows)) for i in range(len(SUM_HEAD))]
        out = ["  ".join(h.ljust(w[i]) for i, h in enumerate(SUM_HEAD))]
        out += ["  ".join(x.ljust(w[i]) for i, x in enumerate(r)).rstrip() for r in rows]
    taus = [comps[(p.name, n)]["tau"] for p in programs for n in COUNTS if comps[(p.name, n)].get("tau") is not None]
    lr = [abs(math.log(v)) for p in programs for n in COUNTS
          for s, v in comps[(p.name, n)].get("rel_ratio", {}).items() if s != "global"]
    sp = [abs(math.log(c["speedup_sim"][s] / c["speedup_native"][s])) for p in programs
          for c in [comps[(p.name, COUNTS[-1])]] for s in c.get("speedup_sim", {})]
    out.append("")
    out.append("same best strategy in %d of %d (program, count) cells; mean tau %s; geometric mean of "
               "|rel sim / rel nat| deviation %s; of |2v1 speedup sim / nat| %s  (~: the native best is "
               "within the host's noise)"
               % (same, tot, "%.2f" % statistics.mean(taus) if taus else "-",
                  "%.2fx" % math.exp(statistics.mean(lr)) if lr else "-",
                  "%.2fx" % math.exp(statistics.mean(sp)) if sp else "-"))
    return out


def write_md(path, args, programs, strategies, nat, sim, comps, meta):
    L = []
    L.append("<!-- written by bench/fidelity.py -->")
    L.append("")
    L.append("Run: %s" % meta["when"])
    for k in ("host", "pinning", "load", "sim_env", "repeats", "min_seconds"):
        if meta.get(k):
            L.append("- %s: %s" % (k.replace("_", " "), meta[k]))
    L.append("")
    L.append("### Summary")
    L.append("")
    L += summary_lines(programs, comps, md=True)
    for p in programs:
        L.append("")
        c1 = next((nat[(p.name, s, 1)] for s in strategies if nat[(p.name, s, 1)].work), None)
        L.append("### %s" % p.name)
        L.append("")
        L.append("%s. Native: %s ops per run, median [min-max] ops/s of %s runs; simulator: %s ops per run, "
                 "ops per simulated second. *rel* = throughput / global's at the same count."
                 % (p.title, "{:,}".format(c1.work) if c1 and c1.work else "?",
                    "/".join(sorted({str(len(nat[(p.name, s, n)].seconds)) for s in strategies for n in COUNTS
                                     if nat[(p.name, s, n)].status == "ok"})) or "?",
                    "{:,}".format(p.work(args.quick, "sim", args.sim_scale))))
        L.append("")
        L.append("| " + " | ".join(HEAD) + " |")
        L.append("|" + "---|" * len(HEAD))
        for r in program_rows(p, strategies, nat, sim, comps):
            if r[0] == "auto":
                r = list(r)
                r[0] = "auto (%s; sim %s)" % (auto_text(nat[(p.name, "auto", 1)]),
                                              ", ".join("%d: %s" % (n, auto_text(sim[(p.name, "auto", n)]))
                                                        for n in COUNTS))
            L.append("| " + " | ".join(r) + " |")
        L.append("")
        for n in COUNTS:
            L.append("- %d: %s" % (n, verdict(comps[(p.name, n)])))
        reruns = [n for n in COUNTS if any(nat[(p.name, s, n)].rerun for s in strategies)]
        if reruns:
            L.append("- native groups re-run for noise at %s" % ",".join(map(str, reruns)))
    with open(path, "w") as f:
        f.write("\n".join(L) + "\n")


CSV_COLUMNS = ["program", "world", "strategy", "cpus", "status", "work", "ops", "median_seconds", "throughput",
               "rank", "tput_min", "tput_max", "tput_q1", "tput_q3", "rel_to_global", "rel_sim_over_native",
               "speedup_2v1", "runs", "runs_seconds", "load_avgs", "rerun", "same_code_as", "auto_pick",
               "sim_env", "sim_cycles", "sim_events", "lock_wait_cycles", "stm_aborts", "trace_hash", "note"]


def write_csv(path, programs, strategies, nat, sim, comps, sim_env):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(CSV_COLUMNS)
        for p in programs:
            for world, cells in (("native", nat), ("sim", sim)):
                for s in strategies:
                    for n in COUNTS:
                        c = cells[(p.name, s, n)]
                        cm = comps[(p.name, n)]
                        q = c.iqr_rates()
                        rel = cm.get("rel_" + world, {}).get(s)
                        rr = cm.get("rel_ratio", {}).get(s)
                        sp = speedup(cells, p.name, s)
                        w.writerow([p.name, world, s, n, c.status, c.work or "", c.ops or "",
                                    "%.9f" % c.median if c.median else "",
                                    "%.1f" % c.throughput if c.throughput else "",
                                    cm["rank_" + world].get(s, ""),
                                    "%.1f" % c.tmin if c.tmin else "", "%.1f" % c.tmax if c.tmax else "",
                                    "%.1f" % q[0] if q else "", "%.1f" % q[1] if q else "",
                                    "%.4f" % rel if rel else "", "%.4f" % rr if rr else "",
                                    "%.4f" % sp if sp else "", len(c.seconds),
                                    " ".join("%.6f" % x for x in c.seconds),
                                    " ".join("%.2f" % x for x in c.loads), "yes" if c.rerun else "",
                                    c.same_as or "", H.pick_text(c.pick, long=True) if c.pick else "",
                                    sim_env if world == "sim" else "",
                                    c.report.get("sim_cycles", ""), c.report.get("sim_events", ""),
                                    c.report.get("lock_wait_cycles", ""), c.report.get("stm_aborts", ""),
                                    c.report.get("trace_hash", ""), (c.note or "").splitlines()[0] if c.note else ""])


# ---------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description="simulator fidelity: strategy rankings at 1 and 2 vCPUs vs "
                                             "native pinned runs at 1 and 2 threads (docs/fidelity.md)")
    ap.add_argument("--quick", action="store_true", help="%s, 3 repeats, 0.05 s runs, quick sim work"
                    % ",".join(QUICK_PROGRAMS))
    ap.add_argument("--repeats", type=int, default=None, help="native runs per cell (default 9; 3 with --quick)")
    ap.add_argument("--programs", help="comma-separated (default the six micro-programs; 'apps' adds the five "
                                       "multi-file apps, 'all' is both)")
    ap.add_argument("--strategies", help="default: global,pervar,stm,atomic-op,auto")
    ap.add_argument("--csv", help="write every cell (all native run times, load averages) as CSV")
    ap.add_argument("--md", help="write the markdown tables")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per run (default 120)")
    ap.add_argument("--min-seconds", type=float, default=None,
                    help="native work per run is scaled so that the fastest cell takes at least this (default 0.25)")
    ap.add_argument("--max-factor", type=int, default=1000, help="cap of that scale factor (default 1000)")
    ap.add_argument("--noisy", type=float, default=0.10,
                    help="re-run a native group when a cell's IQR exceeds this fraction of its median (0.10)")
    ap.add_argument("--max-reruns", type=int, default=1, help="extra rounds of repeats per noisy group (1)")
    ap.add_argument("--sim-scale", type=float, default=1.0, help="multiply the simulator's work (harness sizes)")
    ap.add_argument("--sim-env", action="append", default=[], metavar="KNOB=V",
                    help="set ATOMICC_SIM_KNOB=V for the simulator runs (repeatable; see docs/sim.md)")
    ap.add_argument("--native-csv", help="take the native cells from this earlier --csv output instead of "
                                         "running them (for knob experiments)")
    ap.add_argument("--sim-builds", metavar="DIR",
                    help="run the simulator executables an earlier --keep DIR run built (DIR/manifest.json) "
                         "instead of building them again: knob experiments then run the same code")
    ap.add_argument("--jobs", type=int, default=max(1, min(4, os.cpu_count() or 1)),
                    help="parallel builds and simulator runs")
    ap.add_argument("--keep", help="build in this directory and keep it")
    args = ap.parse_args(argv)
    try:
        if args.programs in (None, ""):
            names = list(QUICK_PROGRAMS if args.quick else MICRO)
        elif args.programs == "all":
            names = list(MICRO + APPS)
        else:
            names = []
            for x in H.parse_list(args.programs, "--programs"):
                names += list(APPS) if x == "apps" else [x]
            H.parse_list(",".join(names), "--programs", H.PROGRAM_NAMES)
        strategies = H.parse_list(args.strategies, "--strategies", H.ALL_STRATEGIES) if args.strategies \
            else list(H.ALL_STRATEGIES)
    except H.UsageError as e:
        ap.error(str(e))
    strategies = [s for s in H.ALL_STRATEGIES if s in strategies]
    if "global" not in strategies:
        ap.error("--strategies must include global (the relative throughputs are to global)")
    programs = [p for p in H.PROGRAMS if p.name in names]
    args.repeats = args.repeats or (3 if args.quick else 9)
    args.min_seconds = args.min_seconds or (0.05 if args.quick else 0.25)
    if args.repeats < 1:
        ap.error("--repeats must be at least 1")
    sim_env = []
    for kv in args.sim_env:
        k, sep, v = kv.partition("=")
        if not sep or not k:
            ap.error("--sim-env wants KNOB=VALUE, not %r" % kv)
        k = k.upper()
        k = k if k.startswith("ATOMICC_SIM_") else "ATOMICC_SIM_" + k
        os.environ[k] = v          # run_one copies the environment
        sim_env.append("%s=%s" % (k, v))
    sim_env_text = " ".join(sim_env)

    meta = {"when": time.strftime("%Y-%m-%d %H:%M:%S"), "repeats": str(args.repeats),
            "min_seconds": "%.2f s for the fastest native cell" % args.min_seconds,
            "sim_env": sim_env_text or "defaults (docs/sim.md)"}
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), "")
    except OSError:
        pass
    meta["host"] = "%d CPUs (%s), affinity %s" % (os.cpu_count() or 0, cpu, sorted(os.sched_getaffinity(0)))
    if len(os.sched_getaffinity(0)) < 2:
        say("warning: fewer than 2 CPUs available: the 2-thread native runs share one")
    load0 = os.getloadavg()
    say("fidelity: programs %s; strategies %s; native repeats %d; load average %.2f %.2f %.2f"
        % (",".join(names), ",".join(strategies), args.repeats, *load0))
    if sim_env_text:
        say("simulator environment: " + sim_env_text)

    build_dir = os.path.abspath(args.keep) if args.keep else tempfile.mkdtemp(prefix="atomicc-fidelity-")
    os.makedirs(build_dir, exist_ok=True)
    t_start = time.perf_counter()
    try:
        sim = run_sim(args, programs, strategies, build_dir)     # first: never concurrent with native runs
        if args.native_csv:
            nat = load_native(args.native_csv, programs, strategies)
            meta["pinning"] = "native cells from %s" % args.native_csv
            say("native: cells from %s" % args.native_csv)
        else:
            nat = run_native(args, programs, strategies, build_dir)
            meta["pinning"] = "; ".join("%d thread%s: %s" % (n, "s" if n > 1 else "", pinning(n)[2])
                                        for n in COUNTS)
    finally:
        H.kill_running()
        if not args.keep:
            shutil.rmtree(build_dir, ignore_errors=True)
    load1 = os.getloadavg()
    loads = [x for c in nat.values() for x in c.loads]
    meta["load"] = "1-min load average %.2f at the start, %.2f at the end; during native rounds %s" % (
        load0[0], load1[0], "%.2f-%.2f (median %.2f)" % (min(loads), max(loads), statistics.median(loads))
        if loads else "-")
    failed = False
    for world, cells in (("native", nat), ("sim", sim)):
        for k, c in sorted(cells.items()):
            if c.status == "failed":
                failed = True
                say("FAILED %s %s %s at %d: %s" % (world, k[0], k[1], k[2], (c.note or "").splitlines()[0]
                                                   if c.note else ""))
    comps = {(p.name, n): compare(p.name, n, strategies, nat, sim) for p in programs for n in COUNTS}
    print_text(args, programs, strategies, nat, sim, comps, meta)
    say("")
    say(meta["load"])
    if args.md:
        write_md(args.md, args, programs, strategies, nat, sim, comps, meta)
        say("markdown written to %s" % args.md)
    if args.csv:
        write_csv(args.csv, programs, strategies, nat, sim, comps, sim_env_text)
        say("rows written to %s" % args.csv)
    say("total %.1f s" % (time.perf_counter() - t_start))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
