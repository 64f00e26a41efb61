"""`atomicc bench`: build the benchmark programs under every strategy, run
them at several vCPU (or thread) counts, print throughput and speedup tables
and the performance goals the data covers, write a CSV and a PNG plot.

The matrix is programs x strategies x CPU counts.  On the simulator
(`--target sim`, the default) a forced strategy is built once with
`atomicc cc --target=sim` and run with ATOMICC_SIM_CPUS=N; `auto` is built
once per N with `--target=sim:N --cpus=N`, because its plan depends on the
machine.  Natively (`--target native`) every strategy is built once (auto
plans for this machine) and N is the number of threads, timed in real time.

Every build is `python -m atomicc cc -O2 ...` in a subprocess (a small
pool); every run has a timeout and is killed (its process group, by its
pid) when it overruns.  A strategy the compiler refuses for a program
(exit 1, "strategy 'S' cannot be used ...") is shown as n/a with the
compiler's reason.  Exit status: 0 when the run completed (missed goals are
reported, not failures), 1 when a build or a run failed, 2 on usage errors.
"""

import concurrent.futures
import csv
import glob
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS_DIR = os.path.join(HERE, "programs")
APPS_DIR = os.path.join(PROGRAMS_DIR, "apps")

ALL_STRATEGIES = ("global", "pervar", "stm", "atomic-op", "auto")
FORCED = ("global", "pervar", "stm", "atomic-op")
ALL_CPUS = (1, 2, 4, 8, 16, 32, 64)

# --quick: exactly this subset (documented in docs/bench.md)
QUICK_PROGRAMS = ("bank-1024", "hashmap", "queue", "counters")
QUICK_CPUS = (1, 4, 16, 64)

# DESIGN section 7 goals that the data of `atomicc bench` can cover
GOAL_PERVAR_SPEEDUP_64 = 18.0
GOAL_STM_VS_PERVAR_64 = 0.5
GOAL_AUTO_VS_BEST = 0.9

BUILD_TIMEOUT = 300.0


class Program:
    """One benchmark program: its sources, how to build and run it, how much work a run does."""

    def __init__(self, name, title, sources, ops, quick_ops, defines=(), app=None, max_threads=256,
                 native_scale=10):
        self.name, self.title = name, title
        self._sources = sources          # paths relative to PROGRAMS_DIR, or a callable
        self.ops, self.quick_ops = ops, quick_ops
        self.defines = list(defines)
        self.app = app                   # app directory name (bench/apps port), or None
        self.max_threads = max_threads
        self.native_scale = native_scale  # native runs do this many times the simulator's work
        self.work_what = "ops"           # what -n counts

    def sources(self):
        if self.app:
            d = os.path.join(APPS_DIR, self.app)
            return sorted(glob.glob(os.path.join(d, "*.c"))) + sorted(glob.glob(os.path.join(d, "lib", "*.c")))
        return [os.path.join(PROGRAMS_DIR, s) for s in self._sources]

    def include_dirs(self):
        return [os.path.join(APPS_DIR, self.app)] if self.app else [PROGRAMS_DIR]

    def work(self, quick, target, scale):
        n = self.quick_ops if quick else self.ops
        if target == "native":      # real time: more work, so that a run is not over in a few ms
            n *= self.native_scale * (2 if quick else 1)
        return max(1, int(round(n * scale)))

    def argv(self, exe, threads, work):
        return [exe, "-t", str(threads), "-n", str(work)]


def _micro(name, title, src, ops, quick_ops, defines=()):
    return Program(name, title, [src], ops, quick_ops, defines)


def _app(name, title, what, size, quick_size):
    # the apps take -n SIZE (what it counts is the app's business) and at most 64 threads
    p = Program(name, title, None, size, quick_size, app=name, max_threads=64, native_scale=4)
    p.work_what = what
    return p


# ops: total operations per run on the simulator (native full runs: x native_scale).
# Sized so that a run at 64 vCPUs stays well under a second of host time with --quick
# (a bank transfer under pervar is some 20-60 simulated events).  bank-1024 (the
# goals' benchmark) does more: at 100,000 transfers a 64-vCPU run is 1,562
# transfers per thread, and waking 64 threads at the gate plus the last ones'
# finish took 8 % of the timed phase, which measured thread start-up, not the
# strategy (pervar: 17.0x at 100,000, 18.2x at 400,000).
PROGRAMS = [
    _micro("bank-1024", "bank transfers, 1,024 accounts (low contention)", "bank.c", 400000, 20000,
           ["NACCOUNTS=1024"]),
    _micro("bank-16", "bank transfers, 16 accounts (high contention)", "bank.c", 40000, 5000, ["NACCOUNTS=16"]),
    _micro("list", "sorted linked-list set, 1,024 keys, 20% updates", "list.c", 2000, 500),
    _micro("hashmap", "hash map, 256 sorted chains, 4,096 keys, 20% updates", "hashmap.c", 50000, 10000),
    _micro("queue", "bounded queue (64 slots) with retry, producers/consumers", "queue.c", 20000, 10000),
    _micro("counters", "64 counters, one increment per block", "counters.c", 50000, 20000),
    _app("genome", "gene assembly through shared hash sets (app)", "gene length", 4096, 1024),
    _app("intruder", "packet reassembly behind a retry queue (app)", "flows", 1024, 256),
    _app("kmeans", "k-means clustering, shared centre sums (app)", "points", 2000, 500),
    _app("labyrinth", "3-D maze routing (app)", "pairs", 8, 2),
    _app("vacation", "travel reservations in red-black trees (app)", "transactions", 4000, 1000),
]
PROGRAM_NAMES = [p.name for p in PROGRAMS]

OPS_RE = re.compile(r"^ops=(\d+) seconds=([0-9.eE+-]+)", re.M)
TIME_RE = re.compile(r"^time:\s*([0-9.eE+-]+)\s*$", re.M)
VERIFY_OK_RE = re.compile(r"^verify: ok\s*$", re.M)
REFUSED_RE = re.compile(r"strategy '([\w-]+)' cannot be used[^\n]*")
REASON_RE = re.compile(r"cannot be used (?:for this atomic block)?:?\s*(.*)")


class UsageError(Exception):
    pass


def parse_list(text, what, allowed=None, conv=str):
    out = []
    for x in (text or "").split(","):
        x = x.strip()
        if not x:
            continue
        try:
            v = conv(x)
        except ValueError:
            raise UsageError("%s: '%s' is not a valid value" % (what, x))
        if allowed is not None and v not in allowed:
            raise UsageError("%s: unknown '%s'; choose from %s" % (what, x, ", ".join(map(str, allowed))))
        if v not in out:
            out.append(v)
    if not out:
        raise UsageError("%s: empty list" % what)
    return out


# ---------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------

class Build:
    """One executable: a program under one strategy (auto on the simulator: for one N)."""

    def __init__(self, prog, strategy, cpus, exe):
        self.prog, self.strategy, self.cpus, self.exe = prog, strategy, cpus, exe
        self.status = None       # "ok", "n/a", "failed"
        self.note = ""
        self.output = ""
        self.seconds = 0.0
        self.same_as = None      # the Build whose executable this one is (the same lowered code)

    @property
    def ok(self):
        return self.status == "ok"


def atomicc_cmd():
    return [sys.executable, "-m", "atomicc"]


def _short(text, n=160):
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 3] + "..."


def build_cmd(b, target):
    cmd = atomicc_cmd() + ["cc", "-O2", "--strategy=" + b.strategy]
    if target == "sim":
        cmd.append("--target=sim" if b.cpus is None else "--target=sim:%d" % b.cpus)
    if b.cpus is not None:
        cmd.append("--cpus=%d" % b.cpus)
    for d in b.prog.include_dirs():
        cmd += ["-I", d]
    cmd += ["-D" + d for d in b.prog.defines]
    return cmd + b.prog.sources() + ["-o", b.exe]


def build_one(b, target, workdir):
    cmd = build_cmd(b, target)
    t0 = time.perf_counter()
    try:
        r = subprocess.run(cmd, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, timeout=BUILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        b.status, b.note = "failed", "build took more than %.0f s" % BUILD_TIMEOUT
        return b
    except OSError as e:
        b.status, b.note = "failed", "cannot run %s: %s" % (cmd[0], e)
        return b
    finally:
        b.seconds = time.perf_counter() - t0
    out = (r.stderr or "") + (r.stdout or "")
    b.output = out
    if r.returncode == 0 and os.path.exists(b.exe):
        b.status = "ok"
        return b
    m = REFUSED_RE.search(out)
    if r.returncode == 1 and m and m.group(1) == b.strategy:
        b.status = "n/a"
        why = REASON_RE.search(m.group(0))
        b.note = _short(why.group(1) if why and why.group(1) else m.group(0), 120)
        return b
    b.status = "failed"
    first = [ln for ln in out.splitlines() if "error" in ln] or out.strip().splitlines() or \
        ["exit %d" % r.returncode]
    b.note = _short(first[0].replace(PROGRAMS_DIR + os.sep, ""))
    return b


def plan_program(prog, cpus_list, forced, workdir, target="sim"):
    """What the compiler will make of a program, without building it: {"auto": {cpus:
    {"pick": {strategy: blocks}, "code": hash}}, "forced": {strategy: hash}}, where a hash
    identifies the lowered C (None: the strategy is refused).  One helper process parses the
    program once and plans it for every count and strategy (`python -m atomicc.bench.harness
    --plan`).  None when the helper fails (then auto is built for every count and `atomicc
    explain` names its picks)."""
    pp = ["-I" + d for d in prog.include_dirs()] + ["-D" + d for d in prog.defines]
    spec = {"sources": prog.sources(), "pp": pp, "cpus": list(cpus_list), "forced": list(forced),
            "target": target}
    try:
        r = subprocess.run([sys.executable, "-m", "atomicc.bench.harness", "--plan", json.dumps(spec)],
                           cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                           timeout=BUILD_TIMEOUT)
        if r.returncode != 0:
            return None
        data = json.loads(r.stdout)
        return {"auto": {n: data["auto"].get(str(n)) for n in cpus_list}, "forced": data["forced"]}
    except (OSError, ValueError, KeyError, TypeError, subprocess.TimeoutExpired):
        return None


def _plan_main(spec_text):
    """The --plan helper (see plan_program): prints its answer as JSON."""
    import hashlib
    from .. import driver
    from ..diagnostics import CompileError
    from ..render.explain import explain_data
    spec = json.loads(spec_text)
    program = driver.load_program([(f, list(spec["pp"])) for f in spec["sources"]])

    def code(an):
        h = hashlib.sha256()
        for unit, res in driver.lower_program(an):
            h.update(unit.path.encode() + b"\0" + res.text.encode("utf-8", "surrogateescape") + b"\0")
        return h.hexdigest()[:20]

    out = {"auto": {}, "forced": {}}
    for s in spec["forced"]:
        try:
            out["forced"][s] = code(driver.analyze_program(program, s, None))
        except CompileError:
            out["forced"][s] = None
    for n in spec["cpus"]:
        an = driver.analyze_program(program, "auto", n, target=spec.get("target", "native"))
        count = {}
        for blk in explain_data(an).get("blocks", []):
            if blk.get("strategy"):
                count[blk["strategy"]] = count.get(blk["strategy"], 0) + 1
        out["auto"][str(n)] = {"pick": count or None, "code": code(an)}
    sys.stdout.write(json.dumps(out) + "\n")
    return 0


def explain_pick(prog, cpus, workdir):
    """{strategy: number of blocks} auto gives the program's blocks for `cpus` CPUs (None: this machine)."""
    cmd = atomicc_cmd() + ["explain", "--format=json"] + (["--cpus=%d" % cpus, "--target=sim"] if cpus else [])
    for d in prog.include_dirs():
        cmd += ["-I", d]
    cmd += ["-D" + d for d in prog.defines] + prog.sources()
    try:
        r = subprocess.run(cmd, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, timeout=BUILD_TIMEOUT)
        data = json.loads(r.stdout) if r.returncode == 0 else None
    except (OSError, ValueError, subprocess.TimeoutExpired):
        data = None
    if not data:
        return None
    count = {}
    for blk in data.get("blocks", []):
        s = blk.get("strategy")
        if s:
            count[s] = count.get(s, 0) + 1
    return count or None


def pick_text(pick, long=False):
    if not pick:
        return "?"
    order = sorted(pick.items(), key=lambda kv: (-kv[1], kv[0]))
    if long:
        return " ".join("%s:%d" % kv for kv in order)
    return "+".join(k for k, _ in order)


# ---------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------

class Cell:
    """The runs of one build (program, strategy) at one CPU count."""

    def __init__(self):
        self.ops = None
        self.seconds = []
        self.failure = None
        self.report = {}

    @property
    def median_seconds(self):
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def throughput(self):
        if self.failure or not self.seconds or not self.ops:
            return None
        s = self.median_seconds
        return self.ops / s if s > 0 else None


def _tail(text, n=12):
    lines = (text or "").rstrip().splitlines()
    return "\n".join(lines[-n:])


# Program runs under way: each in its own session (so that a timeout can end it and
# whatever it started by its pid), ended by kill_running() when the bench is interrupted.
_RUNNING = set()
_RUNNING_LOCK = threading.Lock()


def _kill(p):
    try:
        os.killpg(p.pid, signal.SIGKILL)      # its own session: the group id is its pid
    except OSError:
        try:
            p.kill()
        except OSError:
            pass


def kill_running():
    with _RUNNING_LOCK:
        procs = list(_RUNNING)
    for p in procs:
        _kill(p)


def run_one(b, cpus, work, target, timeout, report_path=None, prefix=(), preexec_fn=None):
    """(ops, seconds, report dict, failure or None).  prefix: argv words put before the
    program's (e.g. taskset -c 0,1); preexec_fn: passed to Popen (e.g. to pin the child)."""
    env = dict(os.environ)
    if target == "sim":
        env["ATOMICC_SIM_CPUS"] = str(cpus)
        if report_path:
            env["ATOMICC_SIM_REPORT"] = report_path
            env["ATOMICC_SIM_REPORT_FORMAT"] = "json"
        else:
            env["ATOMICC_SIM_REPORT"] = "none"
    argv = list(prefix) + b.prog.argv(b.exe, cpus, work)
    try:
        p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                             env=env, start_new_session=True, preexec_fn=preexec_fn)
    except OSError as e:
        return None, None, {}, "cannot run %s: %s" % (argv[0], e)
    with _RUNNING_LOCK:
        _RUNNING.add(p)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(p)
        p.communicate()
        return None, None, {}, "timeout after %.0f s (killed pid %d)" % (timeout, p.pid)
    finally:
        with _RUNNING_LOCK:
            _RUNNING.discard(p)
    report = read_report(report_path) if report_path else {}
    if p.returncode != 0:
        why = "killed by signal %d" % -p.returncode if p.returncode < 0 else "exit %d" % p.returncode
        return None, None, report, "%s\n--- stdout ---\n%s\n--- stderr ---\n%s" % (why, _tail(out), _tail(err))
    m = OPS_RE.search(out)
    if m:
        return int(m.group(1)), float(m.group(2)), report, None
    m = TIME_RE.search(out)
    if m and VERIFY_OK_RE.search(out):
        return work, float(m.group(1)), report, None
    return None, None, report, "no 'ops=N seconds=S' line\n--- stdout ---\n%s\n--- stderr ---\n%s" % (
        _tail(out), _tail(err))


# Fields of the simulator's JSON report (ATOMICC_SIM_REPORT_FORMAT=json, runtime_c/sim/sim.c)
# that become CSV columns: (column, the report's key).  A key the report lacks leaves its
# column empty; the report covers the whole process, set-up included.
REPORT_FIELDS = [
    ("sim_cycles", "cycles"),
    ("sim_events", "events"),
    ("events_per_host_second", "events_per_host_second"),
    ("host_seconds", "host_seconds"),
    ("stm_commits", "stm_commits"),
    ("stm_aborts", "stm_aborts"),
    ("lock_wait_cycles", "lock_wait_cycles"),
    ("contended", "contended"),
    ("context_switches", "context_switches"),
    ("trace_hash", "trace_hash"),
    ("hottest_line", "hot_lines"),
]
REPORT_COLUMNS = [f for f, _ in REPORT_FIELDS]


def read_report(path):
    """The simulator's JSON report (if it wrote one) reduced to REPORT_FIELDS."""
    try:
        with open(path) as f:
            data = json.load(f)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    out = {}
    for field, key in REPORT_FIELDS:
        v = data.get(key)
        if field == "hottest_line":
            hot = v[0] if isinstance(v, list) and v else None
            if isinstance(hot, dict) and hot.get("line"):
                sites = hot.get("sites") or []
                top = sites[0].get("site") if sites and isinstance(sites[0], dict) else None
                v = "%s: %s cycles queued%s" % (hot["line"], hot.get("queued_cycles", "?"),
                                                "; most at %s" % top if top else "")
            else:
                v = None
        elif isinstance(v, (dict, list)):
            v = None
        if v is not None:
            out[field] = v
    return out


# ---------------------------------------------------------------------------
# The whole run
# ---------------------------------------------------------------------------

class Options:
    def __init__(self, programs, strategies, cpus, target, repeats, out, keep_builds, quick, timeout, scale,
                 jobs):
        self.programs, self.strategies, self.cpus = programs, strategies, cpus
        self.target, self.repeats, self.out, self.keep_builds = target, repeats, out, keep_builds
        self.quick, self.timeout, self.scale, self.jobs = quick, timeout, scale, jobs


def make_options(args):
    """Options from parsed arguments (cli.py's `bench` parser); raises UsageError."""
    quick = bool(args.quick)
    names = parse_list(args.programs, "--programs", PROGRAM_NAMES) if args.programs is not None else \
        list(QUICK_PROGRAMS if quick else PROGRAM_NAMES)
    programs = [p for p in PROGRAMS if p.name in names]
    strategies = parse_list(args.strategies, "--strategies", ALL_STRATEGIES) if args.strategies is not None else \
        list(ALL_STRATEGIES)
    strategies = [s for s in ALL_STRATEGIES if s in strategies]
    cpus = parse_list(args.cpus, "--cpus", None, int) if args.cpus is not None else \
        list(QUICK_CPUS if quick else ALL_CPUS)
    if min(cpus) < 1 or max(cpus) > 256:
        raise UsageError("--cpus: counts must be within 1..256")
    cpus.sort()
    target = args.target
    if target.startswith("sim:"):
        raise UsageError("--target sim: the vCPU counts come from --cpus, not from sim:N")
    if target not in ("sim", "native"):
        raise UsageError("--target: choose sim or native, not '%s'" % target)
    if args.repeats is not None and args.repeats < 1:
        raise UsageError("--repeats must be at least 1")
    repeats = args.repeats or 1
    if args.timeout is not None and args.timeout <= 0:
        raise UsageError("--timeout must be > 0")
    if args.scale is not None and args.scale <= 0:
        raise UsageError("--scale must be > 0")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    timeout = args.timeout or (30.0 if quick else 120.0)
    return Options(programs, strategies, cpus, target, repeats, os.path.abspath(args.out), args.keep_builds,
                   quick, timeout, args.scale or 1.0, args.jobs or max(1, min(4, os.cpu_count() or 1)))


class Progress:
    """tqdm on a terminal (stderr), nothing otherwise."""

    def __init__(self, total, desc):
        self.bar = None
        if total and sys.stderr.isatty():
            try:
                from tqdm import tqdm
                self.bar = tqdm(total=total, desc=desc, file=sys.stderr, leave=False, dynamic_ncols=True)
            except ImportError:
                self.bar = None
        self.lock = threading.Lock()

    def update(self, n=1):
        if self.bar is not None:
            with self.lock:
                self.bar.update(n)

    def close(self):
        if self.bar is not None:
            self.bar.close()


def say(s=""):
    sys.stdout.write(s + "\n")
    sys.stdout.flush()


def plan_builds(opt, build_dir):
    builds = []
    for p in opt.programs:
        for s in opt.strategies:
            if s == "auto" and opt.target == "sim":
                for n in opt.cpus:
                    builds.append(Build(p, s, n, os.path.join(build_dir, "%s.%s.%d" % (p.name, s, n))))
            else:
                builds.append(Build(p, s, None, os.path.join(build_dir, "%s.%s" % (p.name, s))))
    return builds


def share_auto_builds(builds, plans, opt):
    """Point every auto build whose lowered code is that of a forced strategy's build (or of
    auto's at another count) to that executable instead of building it again: its runs are
    then runs of the very same program.  Returns the auto builds still to build."""
    todo = []
    for b in builds:
        if b.strategy != "auto" or b.status is not None:
            continue
        plan = plans.get(b.prog.name)
        entry = plan["auto"].get(b.cpus if opt.target == "sim" else None) if plan else None
        code = entry.get("code") if entry else None
        twin = None
        if code:
            for s, h in sorted(plan["forced"].items(), key=lambda kv: FORCED.index(kv[0])):
                f = build_for(builds, b.prog, s, None)
                if h == code and f is not None and f.ok:
                    twin = f
                    break
            if twin is None:
                twin = next((x for x in todo if x.prog is b.prog and getattr(x, "code", None) == code), None)
        if twin is not None:
            b.same_as = twin
            if twin.strategy != "auto":
                b.exe, b.status, b.output = twin.exe, twin.status, twin.output
            continue
        b.code = code
        todo.append(b)
    return todo

def build_for(builds, prog, strategy, cpus):
    for b in builds:
        if b.prog is prog and b.strategy == strategy and (b.cpus is None or b.cpus == cpus):
            return b
    return None


def fmt_rate(r):
    if r is None:
        return "-"
    for div, unit in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if r >= div:
            v = r / div
            return ("%.3g" % v if v < 100 else "%.0f" % v) + unit
    return "%.3g" % r


def run(opt):
    """Run the benchmark; returns the exit status (0 completed, 1 a build or run failed)."""
    from .. import driver
    from ..cli import VERSION
    t_start = time.perf_counter()
    cores = os.cpu_count() or 1
    available = tuple(getattr(driver, "STRATEGIES", ALL_STRATEGIES))
    try:
        os.makedirs(opt.out, exist_ok=True)
    except OSError as e:
        sys.stderr.write("atomicc: error: --out %s: %s\n" % (opt.out, e))
        return 2
    if opt.keep_builds:
        build_dir = os.path.join(opt.out, "builds")
        os.makedirs(build_dir, exist_ok=True)
    else:
        build_dir = tempfile.mkdtemp(prefix="atomicc-bench-")
    unit = "vCPU" if opt.target == "sim" else "thread"
    say("atomicc bench  (atomicc %s; target %s; %d host cores; %s counts %s; repeats %d%s)"
        % (VERSION, opt.target, cores, unit, ",".join(map(str, opt.cpus)), opt.repeats,
           "; quick" if opt.quick else ""))
    say("programs: %s" % ", ".join(p.name for p in opt.programs))
    say("strategies: %s" % ", ".join(opt.strategies))
    failed = False
    try:
        builds = plan_builds(opt, build_dir)
        for b in builds:
            if b.strategy not in available:
                b.status, b.note = "n/a", "strategy not available in this version of atomicc"
        forced = [b for b in builds if b.strategy != "auto" and b.status is None]
        autos = [b for b in builds if b.strategy == "auto" and b.status is None]
        counts = opt.cpus if opt.target == "sim" else [None]
        t0 = time.perf_counter()
        plans, picks = {}, {}
        bar = Progress(len(forced) + (len(opt.programs) if autos else 0), "build")
        with concurrent.futures.ThreadPoolExecutor(opt.jobs) as ex:
            pfuts = {}
            if autos:
                for p in opt.programs:
                    f = ex.submit(plan_program, p, counts, [s for s in opt.strategies if s in FORCED], build_dir,
                                  opt.target)
                    f.add_done_callback(lambda _f: bar.update())
                    pfuts[p.name] = f
            futs = []
            for b in forced:
                f = ex.submit(build_one, b, opt.target, build_dir)
                f.add_done_callback(lambda _f: bar.update())
                futs.append(f)
            for f in futs:
                f.result()
            for name, f in pfuts.items():
                plans[name] = f.result()
            bar.close()
            # auto: reuse a build with the same code, build the rest; name its picks
            todo = share_auto_builds(builds, plans, opt)
            pick_jobs = [(p, n) for p in opt.programs for n in counts if plans.get(p.name) is None and autos]
            bar = Progress(len(todo) + len(pick_jobs), "build auto")
            futs = []
            for b in todo:
                f = ex.submit(build_one, b, opt.target, build_dir)
                f.add_done_callback(lambda _f: bar.update())
                futs.append(f)
            pfuts = {}
            for p, n in pick_jobs:
                f = ex.submit(explain_pick, p, n, build_dir)
                f.add_done_callback(lambda _f: bar.update())
                pfuts[(p.name, n)] = f
            for f in futs:
                f.result()
            for k, f in pfuts.items():
                picks[k] = f.result()
            bar.close()
        for name, plan in plans.items():
            if plan:
                for n, entry in plan["auto"].items():
                    picks[(name, n)] = entry.get("pick") if entry else None
        for b in builds:
            if b.same_as is not None and b.same_as.strategy == "auto" and b.status is None:
                b.exe, b.status, b.note, b.output = b.same_as.exe, b.same_as.status, b.same_as.note, b.same_as.output
        own = [b for b in builds if b.same_as is None]
        say("built %d executables in %.1f s (%d refused by the compiler, %d failed; %d auto builds are the "
            "same code as another build and reuse it)%s"
            % (sum(1 for b in own if b.ok), time.perf_counter() - t0,
               sum(b.status == "n/a" and b.same_as is None for b in builds),
               sum(b.status == "failed" and b.same_as is None for b in builds), len(builds) - len(own),
               "; kept in %s" % build_dir if opt.keep_builds else ""))
        for b in builds:
            if b.status == "failed" and b.same_as is None:
                failed = True
                say("  BUILD FAILED %s %s%s: %s" % (b.prog.name, b.strategy,
                                                    "" if b.cpus is None else " (cpus %d)" % b.cpus, b.note))
                say("    " + " ".join(build_cmd(b, opt.target)))
                for ln in _tail(b.output, 20).splitlines():
                    say("    | " + ln)

        cells = measure(opt, builds, build_dir)
        for (pname, s, n), c in sorted(cells.items()):
            if c.failure and not c.failure.startswith("n/a"):
                failed = True
        print_failures(opt, cells)
        print_tables(opt, builds, cells, picks)
        rows_auto = auto_vs_best(opt, builds, cells, picks)
        goals = check_goals(opt, builds, cells, rows_auto)
        say("")
        say("goals (DESIGN section 7):")
        for ok, what, val in goals:
            say("  %-4s %-62s %s" % ("-" if ok is None else ("ok" if ok else "MISS"), what, val))
        say("  %d met, %d missed, %d not measured" % (sum(1 for g in goals if g[0]),
                                                      sum(1 for g in goals if g[0] is False),
                                                      sum(1 for g in goals if g[0] is None)))
        csv_path = os.path.join(opt.out, "bench.csv")
        write_csv(csv_path, opt, builds, cells, picks, rows_auto)
        say("")
        say("rows written to %s" % csv_path)
        png_path = os.path.join(opt.out, "speedup.png")
        try:
            from .plot import plot_speedups
            plot_speedups(png_path, speedup_series(opt, builds, cells), opt.target)
            say("speedup plot written to %s" % png_path)
        except ImportError as e:
            say("speedup plot skipped: %s (pip install matplotlib)" % e)
        say("total bench time %.1f s" % (time.perf_counter() - t_start))
    finally:
        kill_running()
        if not opt.keep_builds:
            shutil.rmtree(build_dir, ignore_errors=True)
    return 1 if failed else 0


def measure(opt, builds, build_dir):
    """{(program, strategy, cpus): Cell}.  Simulator runs are deterministic and run in
    parallel; native runs one at a time, repeats interleaved across strategies."""
    cells = {}
    tasks = []
    for p in opt.programs:
        work = p.work(opt.quick, opt.target, opt.scale)
        for s in opt.strategies:
            for n in opt.cpus:
                c = cells[(p.name, s, n)] = Cell()
                b = build_for(builds, p, s, n)
                if b is not None and b.status == "failed":
                    c.failure = "build failed: " + b.note
                    continue
                if b is None or not b.ok:
                    c.failure = "n/a: " + (b.note if b is not None else "not built")
                    continue
                if n > p.max_threads:
                    c.failure = "n/a: the program takes at most %d threads" % p.max_threads
                    continue
                if b.same_as is not None and b.same_as.strategy != "auto" and b.same_as.strategy in opt.strategies:
                    continue        # the same executable: its cell is the twin's (below)
                tasks.append((b, n, work, c))
    for p in opt.programs:
        for n in opt.cpus:
            b = build_for(builds, p, "auto", n)
            if b is not None and b.ok and b.same_as is not None and (p.name, b.same_as.strategy, n) in cells \
                    and b.same_as.strategy != "auto" and not cells[(p.name, "auto", n)].failure:
                cells[(p.name, "auto", n)] = cells[(p.name, b.same_as.strategy, n)]
    if not tasks:
        return cells
    reports = os.path.join(build_dir, "reports")
    os.makedirs(reports, exist_ok=True)
    bar = Progress(len(tasks) * opt.repeats, "run")
    t0 = time.perf_counter()

    def one(b, n, work, c, r):
        if c.failure:
            return
        rp = os.path.join(reports, "%s.%s.%d.%d.json" % (b.prog.name, b.strategy, n, r)) \
            if opt.target == "sim" else None
        ops, secs, report, fail = run_one(b, n, work, opt.target, opt.timeout, rp)
        if fail:
            c.failure = fail
        else:
            c.ops = ops
            c.seconds.append(secs)
            if report and not c.report:
                c.report = report
        bar.update()

    if opt.target == "sim":
        tasks.sort(key=lambda t: -t[1])      # the long runs (many vCPUs) first: a shorter tail
        with concurrent.futures.ThreadPoolExecutor(opt.jobs) as ex:
            futs = [ex.submit(one, b, n, work, c, r) for r in range(opt.repeats) for b, n, work, c in tasks]
            for f in futs:
                f.result()
    else:
        by_cell = {}
        for t in tasks:
            by_cell.setdefault((t[0].prog.name, t[1]), []).append(t)
        for key in sorted(by_cell, key=lambda k: (PROGRAM_NAMES.index(k[0]), k[1])):
            group = by_cell[key]
            for r in range(opt.repeats):
                k = r % len(group)
                for b, n, work, c in group[k:] + group[:k]:
                    one(b, n, work, c, r)
    bar.close()
    say("ran %d program runs in %.1f s" % (len(tasks) * opt.repeats, time.perf_counter() - t0))
    return cells


def print_failures(opt, cells):
    for (pname, s, n), c in sorted(cells.items(), key=lambda kv: (PROGRAM_NAMES.index(kv[0][0]), kv[0][1:])):
        if c.failure and not c.failure.startswith(("n/a", "build failed")):
            say("  RUN FAILED %s %s at %d: %s" % (pname, s, n, c.failure.splitlines()[0]))
            for ln in c.failure.splitlines()[1:]:
                say("    | " + ln)


def base_cpus(opt):
    return opt.cpus[0]


def speedup_of(cells, pname, s, n, base):
    c, c0 = cells.get((pname, s, n)), cells.get((pname, s, base))
    if c is None or c0 is None or c.throughput is None or c0.throughput is None:
        return None
    return c.throughput / c0.throughput


def print_tables(opt, builds, cells, picks):
    base = base_cpus(opt)
    what = "ops per simulated second" if opt.target == "sim" else "ops per second (real time)"
    unit = "vCPU" if opt.target == "sim" else "thread"
    for p in opt.programs:
        say("")
        work = "{:,}".format(p.work(opt.quick, opt.target, opt.scale))
        say("== %s: %s  [%s]" % (p.name, p.title, "%s ops per run" % work if p.work_what == "ops" else
                                 "-n %s: %s; throughput counts %s" % (work, p.work_what, p.work_what)))
        say("   %s (speedup over %d %s%s)" % (what, base, unit, "" if base == 1 else "s"))
        say("%-10s" % "strategy" + "".join("%15s" % ("%d %s%s" % (n, unit, "s" if n > 1 else "")) for n in opt.cpus))
        for s in opt.strategies:
            row = [cells[(p.name, s, n)] for n in opt.cpus]
            if all(c.failure and c.failure.startswith("n/a") for c in row) and \
                    len({c.failure for c in row}) == 1:
                say("%-10s n/a: %s" % (s, row[0].failure[5:]))
                continue
            out = "%-10s" % s
            for n, c in zip(opt.cpus, row):
                if c.failure:
                    out += "%15s" % ("n/a" if c.failure.startswith("n/a") else "FAILED")
                    continue
                sp = speedup_of(cells, p.name, s, n, base)
                out += "%15s" % ("%s %6s" % (fmt_rate(c.throughput), "%.2fx" % sp if sp is not None else "-"))
            if s == "auto":
                groups = {}
                for n in opt.cpus:
                    ab = build_for(builds, p, "auto", n)
                    twin = ab.same_as.strategy if ab is not None and ab.same_as is not None and \
                        ab.same_as.strategy != "auto" else None
                    key = (pick_text(picks.get((p.name, n if opt.target == "sim" else None))), twin)
                    groups.setdefault(key, []).append(n)
                out += "   (picks %s)" % "; ".join(
                    "%s at %s%s" % (pk, ",".join(map(str, ns)), " = %s's code" % tw if tw else "")
                    for (pk, tw), ns in groups.items())
            say(out)


def auto_vs_best(opt, builds, cells, picks):
    """[(program, cpus, auto pick, auto rate, best forced strategy, its rate, ratio or None)]."""
    rows = []
    if "auto" not in opt.strategies:
        return rows
    for p in opt.programs:
        for n in opt.cpus:
            a = cells[(p.name, "auto", n)].throughput
            best, best_s = None, None
            for s in FORCED:
                if s in opt.strategies:
                    r = cells[(p.name, s, n)].throughput
                    if r is not None and (best is None or r > best):
                        best, best_s = r, s
            pick = picks.get((p.name, n if opt.target == "sim" else None))
            ratio = a / best if a is not None and best else None
            rows.append((p.name, n, pick, a, best_s, best, ratio))
    if not rows:
        return rows
    say("")
    say("== auto vs best forced  (auto's throughput / the best forced strategy's at the same count;"
        " * below %.1f; then auto's pick)" % GOAL_AUTO_VS_BEST)
    text = {}
    for r in rows:
        text[(r[0], r[1])] = "-" if r[6] is None else \
            "%.2f%s %s" % (r[6], "*" if r[6] < GOAL_AUTO_VS_BEST else " ", pick_text(r[2]))
    w = {n: max(12, max(len(text[(p.name, n)]) for p in opt.programs) + 1) for n in opt.cpus}
    say(("%-10s" % "program" + "".join(" %-*s" % (w[n], n) for n in opt.cpus)).rstrip())
    for p in opt.programs:
        say(("%-10s" % p.name + "".join(" %-*s" % (w[n], text[(p.name, n)]) for n in opt.cpus)).rstrip())
    for r in rows:
        if r[6] is not None and r[6] < GOAL_AUTO_VS_BEST:
            say("  * %s at %d: auto (%s) %s/s is %.2fx of %s (%s/s)"
                % (r[0], r[1], pick_text(r[2]), fmt_rate(r[3]), r[6], r[4], fmt_rate(r[5])))
    return rows


def check_goals(opt, builds, cells, rows_auto):
    goals = []
    sim = opt.target == "sim"
    have = {p.name for p in opt.programs}
    what1 = "bank-1024: pervar speedup at 64 vCPUs >= %.0fx" % GOAL_PERVAR_SPEEDUP_64
    what2 = "bank-1024: stm >= %.1fx pervar at 64 vCPUs" % GOAL_STM_VS_PERVAR_64
    if not sim:
        goals.append((None, what1, "not measured (a simulator goal: --target sim)"))
        goals.append((None, what2, "not measured (a simulator goal: --target sim)"))
    elif "bank-1024" not in have or 64 not in opt.cpus:
        goals.append((None, what1, "not measured (needs bank-1024 and 64 in --cpus)"))
        goals.append((None, what2, "not measured (needs bank-1024 and 64 in --cpus)"))
    else:
        sp = speedup_of(cells, "bank-1024", "pervar", 64, 1) if 1 in opt.cpus else None
        if sp is None:
            goals.append((None, what1, "not measured (needs pervar at 1 and 64 vCPUs)"))
        else:
            goals.append((sp >= GOAL_PERVAR_SPEEDUP_64, what1, "%.1fx" % sp))
        pv = cells.get(("bank-1024", "pervar", 64))
        st = cells.get(("bank-1024", "stm", 64))
        if pv is None or st is None or pv.throughput is None or st.throughput is None:
            goals.append((None, what2, "not measured (needs pervar and stm at 64 vCPUs)"))
        else:
            r = st.throughput / pv.throughput
            goals.append((r >= GOAL_STM_VS_PERVAR_64, what2, "%.3fx (stm %s/s, pervar %s/s)"
                          % (r, fmt_rate(st.throughput), fmt_rate(pv.throughput))))
    if not rows_auto:
        goals.append((None, "auto >= %.1fx best forced" % GOAL_AUTO_VS_BEST, "not measured (needs auto and "
                      "forced strategies)"))
    for p in opt.programs:
        rs = [r for r in rows_auto if r[0] == p.name and r[6] is not None]
        what = "auto >= %.1fx best forced: %s" % (GOAL_AUTO_VS_BEST, p.name)
        if not rows_auto:
            continue
        if not rs:
            goals.append((None, what, "not measured"))
            continue
        worst = min(rs, key=lambda r: r[6])
        goals.append((worst[6] >= GOAL_AUTO_VS_BEST, what, "worst %.2fx at %d (vs %s; %d counts)"
                      % (worst[6], worst[1], worst[4], len(rs))))
    return goals


CSV_COLUMNS = ["program", "target", "strategy", "cpus", "status", "ops", "seconds", "throughput", "speedup",
               "runs", "auto_pick", "auto_same_code_as", "best_forced", "ratio_to_best_forced", "note"] + REPORT_COLUMNS


def write_csv(path, opt, builds, cells, picks, rows_auto):
    """The CSV, written whole or not at all (driver.write_output)."""
    import io
    from ..driver import write_output
    base = base_cpus(opt)
    with io.StringIO(newline="") as f:
        w = csv.writer(f)
        w.writerow(CSV_COLUMNS)
        for p in opt.programs:
            for s in opt.strategies:
                for n in opt.cpus:
                    c = cells[(p.name, s, n)]
                    if c.failure:
                        status = "n/a" if c.failure.startswith("n/a") else "failed"
                        note = c.failure[5:] if status == "n/a" else c.failure.splitlines()[0]
                    else:
                        status, note = "ok", ""
                    sp = speedup_of(cells, p.name, s, n, base)
                    pick = picks.get((p.name, n if opt.target == "sim" else None)) if s == "auto" else None
                    b = build_for(builds, p, s, n)
                    twin = b.same_as.strategy if b is not None and b.same_as is not None and \
                        b.same_as.strategy != "auto" else ""
                    ar = next((r for r in rows_auto if r[0] == p.name and r[1] == n), None) if s == "auto" else None
                    row = [p.name, opt.target, s, n, status, c.ops if c.ops is not None else "",
                           "%.9f" % c.median_seconds if c.seconds and not c.failure else "",
                           "%.1f" % c.throughput if c.throughput is not None else "",
                           "%.4f" % sp if sp is not None else "", len(c.seconds),
                           pick_text(pick, long=True) if pick else "", twin,
                           ar[4] if ar and ar[4] else "",
                           "%.4f" % ar[6] if ar and ar[6] is not None else "", note]
                    row += [c.report.get(k, "") for k in REPORT_COLUMNS]
                    w.writerow(row)
        text = f.getvalue()
    write_output(path, text)


def speedup_series(opt, builds, cells):
    """{program: {strategy: [(cpus, speedup)]}} for the plot."""
    base = base_cpus(opt)
    out = {}
    for p in opt.programs:
        d = out[p.name] = {}
        for s in opt.strategies:
            pts = [(n, speedup_of(cells, p.name, s, n, base)) for n in opt.cpus]
            pts = [(n, v) for n, v in pts if v is not None]
            if pts:
                d[s] = pts
    return out


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--plan":
        sys.exit(_plan_main(sys.argv[2]))
    sys.stderr.write("usage: atomicc bench (this module is its harness)\n")
    sys.exit(2)
