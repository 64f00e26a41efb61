#!/usr/bin/env python3
"""Native benchmark: atomicc's emitted code under every strategy against
hand-written pthread versions of the same programs, on this machine.

Programs (bench/native/, each an Atomic C file and a pthread baseline file
that share bench/native/harness.h, so both do the same work):

* bank      -- 1,024 accounts, random transfers between two accounts per
               block; baselines: one global mutex, one global spinlock,
               per-account mutexes, per-account spinlocks (index order).
* counters  -- 64 independent counters (one per cache line), `x += 1`
               blocks; baselines: global mutex, global spinlock,
               __atomic_fetch_add.
* list      -- sorted linked-list set of 512 keys (0..1023), 10 % inserts,
               10 % removes, 80 % lookups; baselines: global mutex, global
               spinlock (and a pthread rwlock for reference).
* queue     -- bounded 64-slot queue with `retry`, producers and consumers;
               baseline: mutex + two condition variables.

bank, list and queue also have a GCC transactional-memory version
(NAME_tm.c: the same program with `__transaction_atomic { }` blocks, built
with `$CC -fgnu-tm -O2 ... -litm`), run twice: as libitm picks its method
("gcc -fgnu-tm (libitm)") and with its software TM forced
(ITM_DEFAULT_METHOD=ml_wt).  When the compiler cannot build and run a libitm
program (no libitm, or a compiler without -fgnu-tm) those rows are skipped
with a note.

Every Atomic C program is built with `atomicc cc -O2 --strategy=S` for
every strategy the compiler offers (auto, global, pervar, stm, atomic-op; a
strategy the compiler rejects for a block is skipped, with the compiler's
reason), every baseline with
`$CC -O2 -pthread -DLOCK_...`.  Each program prints one line
`ops=N seconds=S ...` timed with CLOCK_MONOTONIC around the threaded phase,
after checking its invariant.  A run does the same total work at every
thread count (ops per thread = total / threads).  Throughput is the median
over --repeats runs, which are interleaved across the variants of a column;
ratios are to the global pthread mutex of the same program in the same run.
Instructions per operation come from `valgrind --tool=callgrind` at 1 thread:
(Ir(N2 ops) - Ir(N1 ops)) / (N2 - N1), so start-up and set-up cancel out.

    python bench/native.py                  # full run (~3-4 minutes on 2 cores)
    python bench/native.py --quick          # smoke run (< 60 s)
    python bench/native.py --repeats 7 --threads 1,2,4,8 --only bank,list --csv native.csv
"""

import argparse
import concurrent.futures
import csv
import hashlib
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
NATIVE_DIR = os.path.join(HERE, "native")

# The strategies to try: what the compiler offers (asked at start-up), in this
# order; this list is the fallback when the compiler's answer cannot be read.
KNOWN_STRATEGIES = ("auto", "global", "pervar", "stm", "atomic-op")
STRATEGIES = ("auto", "global", "pervar", "atomic-op")

# The performance goals
GOAL_GLOBAL = 0.9          # global >= 0.9x the better of mutex and spinlock
GOAL_PERVAR_BANK = {2: 4.5, 8: 1.9}   # pervar on bank, x global mutex
GOAL_AUTO = 0.9            # auto >= 0.9x the best forced strategy
GOAL_OVERSUB = 0.6         # threads > cores: every strategy >= 0.6x mutex
GOAL_PERVAR_INSTR = 90     # instructions per transfer, 1 thread
GOAL_STM_1T = 0.9          # stm >= 0.9x the mutex at 1 thread
GOAL_STM_LIBITM = 3.0      # stm >= 3x libitm's throughput ...
GOAL_STM_LIBITM_THREADS = 2                  # ... at 2 threads ...
GOAL_STM_LIBITM_PROGRAMS = ("bank", "list")  # ... on bank and list

SPREAD_WARN = 0.25         # flag a cell whose run times spread more than this
FOREIGN_WARN = 0.10        # flag a cell whose run lost this share of its usable CPU time to others


class Program:
    def __init__(self, name, title, unit, total, quick_total, baselines, mutex, tm=False, tm_note=None):
        self.name, self.title, self.unit = name, title, unit
        self.total, self.quick_total = total, quick_total
        self.baselines = baselines      # [(variant, -D macro, label)]
        self.mutex = mutex              # variant name of the ratio baseline
        self.tm = tm                    # has a GCC TM version NAME_tm.c
        self.tm_note = tm_note          # how that version differs, printed under the table

    @property
    def atomic_src(self):
        return os.path.join(NATIVE_DIR, self.name + ".c")

    @property
    def pthread_src(self):
        return os.path.join(NATIVE_DIR, self.name + "_pthread.c")

    @property
    def tm_src(self):
        return os.path.join(NATIVE_DIR, self.name + "_tm.c")


PROGRAMS = [
    Program("bank", "1,024 accounts, random transfers between two accounts", "transfers",
            6_000_000, 200_000,
            [("mutex", "LOCK_MUTEX", "pthread mutex (global)"),
             ("spin", "LOCK_SPIN", "pthread spinlock (global)"),
             ("acct-mutex", "LOCK_ACCT_MUTEX", "pthread mutex per account"),
             ("acct-spin", "LOCK_ACCT_SPIN", "pthread spinlock per account")],
            "mutex", tm=True),
    Program("counters", "64 independent counters, `x += 1` blocks", "increments",
            8_000_000, 200_000,
            [("mutex", "LOCK_MUTEX", "pthread mutex (global)"),
             ("spin", "LOCK_SPIN", "pthread spinlock (global)"),
             ("fetch-add", "LOCK_ATOMIC", "__atomic_fetch_add")],
            "mutex"),
    Program("list", "sorted linked-list set, 512 keys, 20% updates", "operations",
            400_000, 20_000,
            [("mutex", "LOCK_MUTEX", "pthread mutex (global)"),
             ("spin", "LOCK_SPIN", "pthread spinlock (global)"),
             ("rwlock", "LOCK_RWLOCK", "pthread rwlock (global, reference)")],
            "mutex", tm=True),
    Program("queue", "bounded queue (64 slots) with retry, producers/consumers", "push+pop operations",
            2_000_000, 100_000,
            [("mutex", "LOCK_MUTEX_COND", "pthread mutex + condvars")],
            "mutex", tm=True,
            tm_note="GCC TM has no `retry`: on a full or empty queue its push/pop commits without "
                    "effect and the thread calls sched_yield() before trying again (polling)"),
]

# The GCC TM versions (NAME_tm.c), one executable run two ways:
# (variant, ITM_DEFAULT_METHOD or None for libitm's own choice, label).
# libitm's own choice: serialirr (a global lock, uninstrumented code) while
# one thread runs transactions; with more, hardware TM (htm: RTM with the
# serial lock as fallback) when the CPU has it, else ml_wt (its software TM).
TM_VARIANTS = [("libitm", None, "gcc -fgnu-tm (libitm)"),
               ("libitm-ml_wt", "ml_wt", "gcc -fgnu-tm (libitm, ml_wt)")]
LIBITM = "libitm"          # the variant the goals compare with

# bank variants measured with callgrind: (variant, label); the first two are the goal's
CALLGRIND_VARIANTS = [("pervar", "atomicc pervar"), ("mutex", "pthread mutex (global)"),
                      ("auto", "atomicc auto"), ("global", "atomicc global"), ("stm", "atomicc stm"),
                      ("spin", "pthread spinlock (global)"), ("acct-spin", "pthread spinlock per account"),
                      ("libitm", "gcc -fgnu-tm (libitm)"), ("libitm-ml_wt", "gcc -fgnu-tm (libitm, ml_wt)"),
                      ("none", "no synchronisation")]
CALLGRIND_QUICK = {"pervar", "mutex", "libitm"}
# Published anchors (instructions per transfer, 1 thread), printed next to the rows
CALLGRIND_ANCHORS = {"libitm": 338, "none": 49}
# rows whose per-function breakdown is printed
CALLGRIND_BY_FUNCTION = ("pervar", "global", "stm", "mutex", "libitm", "libitm-ml_wt")

CHOICES_RE = re.compile(r"choose one of:\s*([\w, -]+)")
LINE_RE = re.compile(r"ops=(\d+)\s+seconds=([0-9.eE+-]+)")
REJECT_RE = re.compile(r"error: strategy '([\w-]+)' cannot be used for this atomic block: ([^\n]*)")
EXPLAIN_RE = re.compile(r"^\s*strategy:\s*([\w-]+)", re.M)
COLLECTED_RE = re.compile(r"Collected\s*:\s*(\d+)")
ANNOTATE_RE = re.compile(r"^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(.*?)(?:\s+\[(.*)\])?\s*$")


def say(s=""):
    sys.stdout.write(s + "\n")
    sys.stdout.flush()


def fmt_rate(x):
    if x is None:
        return "-"
    if x >= 1e6:
        return "%.2fM" % (x / 1e6)
    if x >= 1e3:
        return "%.1fk" % (x / 1e3)
    return "%.0f" % x


# ---------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------

class Variant:
    """One executable: an Atomic C program under a strategy, or a baseline."""

    def __init__(self, prog, name, label, kind, cmd, exe):
        self.prog, self.name, self.label, self.kind = prog, name, label, kind
        self.cmd, self.exe = cmd, exe
        self.ok = False
        self.note = None        # why it is not run (rejected strategy, build error)
        self.error = False      # a real failure (not a rejected strategy)
        self.auto_picks = None  # strategies `auto` chose (from atomicc explain)
        self.same_as = None     # auto: the forced strategy whose emitted C is identical
        self.run_env = None     # environment of its runs (None: this process's)
        self.build_with = None  # another variant whose build makes this one's executable
        self.skipped = False    # not built on purpose (note says why); not a failure


def find_atomicc(explicit):
    if explicit:
        return [explicit]
    exe = os.path.join(os.path.dirname(sys.executable), "atomicc")
    if os.path.exists(exe) and os.access(exe, os.X_OK):
        return [exe]
    w = shutil.which("atomicc")
    if w:
        return [w]
    return [sys.executable, "-m", "atomicc"]


def find_strategies(atomicc, env):
    """The strategies this atomicc accepts, from its error for an unknown one."""
    try:
        r = subprocess.run(atomicc + ["--strategy=-unknown-", os.path.join(NATIVE_DIR, "harness.h")],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, env=env,
                           timeout=60)
        m = CHOICES_RE.search(r.stderr or "")
    except (OSError, subprocess.TimeoutExpired):
        m = None
    if not m:
        return STRATEGIES
    offered = [x.strip() for x in m.group(1).split(",") if x.strip()]
    ordered = [x for x in KNOWN_STRATEGIES if x in offered] + [x for x in offered if x not in KNOWN_STRATEGIES]
    return tuple(ordered) if "auto" in ordered else STRATEGIES


LIBITM_PROBE = r'''
#include <stdio.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif
static long x;
/* 1 if libitm will use hardware TM with more than one thread: the test of
 * libitm's htm_available() (libitm/config/x86/target.h), -1 if unknown. */
static int htm(void)
{
#if defined(__x86_64__) || defined(__i386__)
    unsigned a, b, c, d;
    if (__get_cpuid_max(0, &b) < 7)
        return 0;
    __cpuid(0, a, b, c, d);
    unsigned vendor = b;
    __cpuid(1, a, b, c, d);
    unsigned family = (a >> 8) & 0x0f;
    if (vendor == signature_INTEL_ebx && family == 6) {
        unsigned model = ((a >> 4) & 0x0f) + ((a >> 12) & 0xf0), stepping = a & 0x0f;
        if (model == 0x3c || (model == 0x3f && stepping < 4) || model == 0x45 || model == 0x46)
            return 0;       /* TSX erratum: libitm does not use it */
    }
    __cpuid_count(7, 0, a, b, c, d);
    return (b >> 11) & 1;   /* RTM */
#else
    return -1;
#endif
}
int main(void)
{
    __transaction_atomic { x++; }
    if (x != 1)
        return 1;
    printf("libitm-probe ok htm=%d\n", htm());
    return 0;
}
'''


class LibitmInfo:
    def __init__(self, ok, note=None, htm=None):
        self.ok = ok        # a -fgnu-tm program builds, links libitm and runs
        self.note = note    # why not
        self.htm = htm      # 1: libitm will use hardware TM (RTM) with >= 2 threads; 0: no; -1: unknown

    def describe(self):
        if not self.ok:
            return "not available, its rows are skipped: %s" % self.note
        how = {1: "this CPU has RTM, so with 2 or more threads libitm runs hardware transactions "
                  "(htm, serial-lock fallback)",
               0: "no hardware TM on this CPU, so with 2 or more threads libitm runs its software TM ml_wt",
               -1: "with 2 or more threads libitm runs hardware TM if this CPU has it, else ml_wt"}[self.htm]
        return ("gcc -fgnu-tm works; at 1 thread libitm serialises (serialirr); %s; the ml_wt rows force "
                "its software TM (ITM_DEFAULT_METHOD=ml_wt) at every thread count" % how)


def tm_env(method):
    """The environment of a libitm run: ITM_DEFAULT_METHOD=method, or unset."""
    env = dict(os.environ)
    env.pop("ITM_DEFAULT_METHOD", None)
    if method:
        env["ITM_DEFAULT_METHOD"] = method
    return env


def probe_libitm(cc, cflags, build_dir):
    """Can `cc -fgnu-tm ... -litm` build a transaction that runs?"""
    src = os.path.join(build_dir, "libitm_probe.c")
    exe = os.path.join(build_dir, "libitm_probe")
    with open(src, "w") as f:
        f.write(LIBITM_PROBE)
    hint = ("the rows need gcc with libitm (Debian/Ubuntu: the libitm1 package, "
            "and libgcc-N-dev for the libitm.so link)")
    try:
        r = subprocess.run([cc] + cflags + ["-fgnu-tm", "-pthread", src, "-o", exe, "-litm"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        return LibitmInfo(False, "%s -fgnu-tm: %s" % (cc, e))
    if r.returncode != 0 or not os.path.exists(exe):
        lines = [l.strip() for l in (r.stderr + r.stdout).splitlines() if l.strip()]
        why = (next((l for l in lines if "cannot find" in l), None)          # ld's own words first
               or next((l for l in lines if "error" in l and not l.startswith("collect2")), None)
               or (lines[0] if lines else "exit %d" % r.returncode))
        return LibitmInfo(False, "`%s -fgnu-tm ... -litm` fails (%s); %s" % (cc, why[:160], hint))
    try:
        r = subprocess.run([exe], stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                           timeout=60, env=tm_env(None))
    except (OSError, subprocess.TimeoutExpired) as e:
        return LibitmInfo(False, "a libitm program does not run (%s); %s" % (e, hint))
    m = re.search(r"libitm-probe ok htm=(-?\d)", r.stdout or "")
    if r.returncode != 0 or not m:
        why = " | ".join(l for l in ((r.stderr or "") + (r.stdout or "")).splitlines() if l.strip())[:160]
        return LibitmInfo(False, "a libitm program fails (exit %d: %s); %s" % (r.returncode, why, hint))
    return LibitmInfo(True, htm=int(m.group(1)))


def plan_builds(programs, strategies, atomicc, cc, build_dir, cflags, libitm):
    variants = []
    for p in programs:
        for name, macro, label in p.baselines:
            exe = os.path.join(build_dir, "%s_%s" % (p.name, name))
            cmd = [cc] + cflags + ["-pthread", "-I", NATIVE_DIR, "-D" + macro, p.pthread_src, "-o", exe]
            variants.append(Variant(p, name, label, "baseline", cmd, exe))
        if p.tm:
            exe = os.path.join(build_dir, "%s_tm" % p.name)
            cmd = [cc] + cflags + ["-fgnu-tm", "-pthread", "-I", NATIVE_DIR, p.tm_src, "-o", exe, "-litm"]
            first = None
            for name, method, label in TM_VARIANTS:
                v = Variant(p, name, label, "tm", cmd if first is None else None, exe)
                v.run_env = tm_env(method)
                v.build_with = first
                first = first or v
                if not libitm.ok:
                    v.skipped = True
                    v.note = "skipped: libitm not available (see above)"
                variants.append(v)
        for s in strategies:
            exe = os.path.join(build_dir, "%s_atomicc_%s" % (p.name, s))
            cmd = atomicc + ["cc", p.atomic_src] + cflags + ["-I", NATIVE_DIR, "-o", exe, "--strategy=" + s]
            variants.append(Variant(p, s, "atomicc " + s, "atomicc", cmd, exe))
    return variants


def build_one(v, env):
    if v.skipped or v.build_with is not None:
        return v
    r = subprocess.run(v.cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                       env=env, timeout=300)
    if r.returncode == 0 and os.path.exists(v.exe):
        v.ok = True
        return v
    text = (r.stderr or "") + (r.stdout or "")
    m = REJECT_RE.search(text)
    if v.kind == "atomicc" and m:
        v.note = "rejected by the compiler: %s" % m.group(2).strip()
    else:
        v.error = True
        lines = [l for l in text.splitlines() if l.strip()]
        v.note = "build failed (exit %d): %s" % (r.returncode, " | ".join(lines[:6]) or "no output")
    return v


def explain_auto(atomicc, prog, env):
    r = subprocess.run(atomicc + ["explain", prog.atomic_src, "-I", NATIVE_DIR], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True, env=env, timeout=120)
    if r.returncode != 0:
        return None
    picks = []
    for s in EXPLAIN_RE.findall(r.stdout):
        if s not in picks:
            picks.append(s)
    return picks


def emitted_c(atomicc, prog, strategy, env):
    """The C text atomicc emits for prog under strategy (None if it fails)."""
    r = subprocess.run(atomicc + [prog.atomic_src, "-I", NATIVE_DIR, "--strategy=" + strategy, "-o", "-"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, env=env,
                       timeout=120)
    return r.stdout if r.returncode == 0 else None


def build_all(variants, programs, atomicc, env, jobs):
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        list(ex.map(lambda v: build_one(v, env), variants))
        for v in variants:
            if v.build_with is not None and not v.skipped:
                v.ok, v.note, v.error = v.build_with.ok, v.build_with.note, False
        picks = dict(zip([p.name for p in programs],
                         ex.map(lambda p: explain_auto(atomicc, p, env), programs)))
        atomic_variants = [v for v in variants if v.kind == "atomicc" and v.ok]
        texts = dict(zip([(v.prog.name, v.name) for v in atomic_variants],
                         ex.map(lambda v: emitted_c(atomicc, v.prog, v.name, env), atomic_variants)))
    for v in variants:
        if v.kind == "atomicc" and v.name == "auto":
            v.auto_picks = picks.get(v.prog.name)
            if v.auto_picks:
                v.label = "atomicc auto [%s]" % ",".join(v.auto_picks)
            mine = texts.get((v.prog.name, "auto"))
            for (pn, s), text in sorted(texts.items()):
                if pn == v.prog.name and s != "auto" and mine is not None and text == mine:
                    v.same_as = s
                    v.label += " =%s" % s
                    break


# ---------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------

class Result:
    def __init__(self):
        self.seconds = []       # per run
        self.ops = None
        self.failures = []      # messages
        self.foreign = []       # per run: share of its usable CPU time other processes took

    @property
    def rate(self):
        if not self.seconds:
            return None
        return self.ops / statistics.median(self.seconds)

    @property
    def spread(self):
        """(max - min) / median of the run times."""
        if len(self.seconds) < 2:
            return 0.0
        return (max(self.seconds) - min(self.seconds)) / statistics.median(self.seconds)


def busy_seconds():
    """CPU seconds the whole machine has spent busy since boot (/proc/stat), or None."""
    try:
        with open("/proc/stat") as f:
            fields = f.readline().split()
    except OSError:
        return None
    if not fields or fields[0] != "cpu":
        return None
    v = [int(x) for x in fields[1:]]
    idle = v[3] + (v[4] if len(v) > 4 else 0)          # idle + iowait
    busy = sum(v[:8]) - idle                            # up to steal; guest time is inside user
    return busy / float(os.sysconf("SC_CLK_TCK"))


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


class LoadMeter:
    """How much of the CPU time a run could use went to other processes.

    A run with T threads on C cores can use min(T, C) cores; other processes
    may use the rest without competing with it.  stop() returns the CPU time
    other processes used beyond that rest, as a share of the run's
    min(T, C) * wall time (0 on an idle machine; /proc/stat ticks are 10 ms,
    so it is coarse for very short runs)."""

    def __init__(self, cores):
        self.cores = cores

    def start(self):
        self.b0, self.c0, self.t0 = busy_seconds(), children_cpu(), time.perf_counter()

    def stop(self, threads=None):
        b1, c1, t1 = busy_seconds(), children_cpu(), time.perf_counter()
        if self.b0 is None or b1 is None or t1 <= self.t0:
            return None
        wall = t1 - self.t0
        usable = min(threads or self.cores, self.cores)
        other = (b1 - self.b0) - (c1 - self.c0)
        competing = other - (self.cores - usable) * wall
        return min(1.0, max(0.0, competing / (usable * wall)))


def wait_idle(cores, limit, progress):
    """Waits (up to `limit` seconds) for a 2-second window in which other
    processes use less than FOREIGN_WARN of the machine; returns their share
    in the last window (None if /proc/stat cannot be read)."""
    meter = LoadMeter(cores)
    deadline = time.perf_counter() + limit
    told = False
    while True:
        meter.start()
        time.sleep(2.0)
        share = meter.stop()
        if share is None or share < FOREIGN_WARN or time.perf_counter() >= deadline:
            return share
        if not told:
            progress("waiting up to %.0f s for the machine to be idle (other processes use %.0f%%)"
                     % (limit, 100 * share))
            told = True


NICE = None  # niceness for the measured programs (--nice)


def _set_nice():
    """In the child: its own session, so that with the kernel's autogroup
    scheduling (sched_autogroup_enabled) it gets its own task group, whose
    niceness is set too; a plain nice value only ranks a process against the
    others of its group, not against other sessions' processes."""
    try:
        os.setsid()
        with open("/proc/self/autogroup", "w") as f:
            f.write(str(NICE))
    except OSError:
        pass
    os.setpriority(os.PRIO_PROCESS, 0, NICE)


def run_once(v, ops_per_thread, threads, timeout, meter=None):
    cmd = [v.exe, str(ops_per_thread), str(threads)]
    try:
        if meter:
            meter.start()
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                           timeout=timeout, preexec_fn=_set_nice if NICE is not None else None, env=v.run_env)
        if meter:
            meter.foreign = meter.stop(threads)
    except subprocess.TimeoutExpired:
        return None, None, "timeout after %.0f s" % timeout
    out = r.stdout or ""
    m = LINE_RE.search(out)
    if r.returncode != 0 or not m or "check=ok" not in out:
        msg = " | ".join(l for l in (out + (r.stderr or "")).splitlines() if l.strip())[:300]
        return None, None, "exit %d: %s" % (r.returncode, msg or "no output")
    return int(m.group(1)), float(m.group(2)), None


def measure(programs, variants, thread_counts, repeats, scale, quick, timeout, progress, cores):
    results = {}
    meter = LoadMeter(cores)
    for p in programs:
        runnable = [v for v in variants if v.prog is p and v.ok]
        total = int((p.quick_total if quick else p.total) * scale)
        for t in thread_counts:
            per_thread = max(1, total // t)
            for r in range(repeats):
                # rotate the order so that no variant always runs first
                k = r % len(runnable) if runnable else 0
                for v in runnable[k:] + runnable[:k]:
                    res = results.setdefault((p.name, v.name, t), Result())
                    if res.failures:
                        continue
                    meter.foreign = None
                    ops, secs, err = run_once(v, per_thread, t, timeout, meter)
                    if err:
                        res.failures.append(err)
                        progress("  FAIL %s %s %d threads: %s" % (p.name, v.name, t, err))
                        continue
                    res.ops = ops
                    res.seconds.append(secs)
                    if meter.foreign is not None:
                        res.foreign.append(meter.foreign)
    return results


# ---------------------------------------------------------------------------
# callgrind
# ---------------------------------------------------------------------------

def callgrind_ir(exe, ops, workdir, tag, env=None):
    out = os.path.join(workdir, "callgrind.%s.%d.out" % (tag, ops))
    r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out, exe, str(ops), "1"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=600,
                       env=env)
    m = COLLECTED_RE.search(r.stderr or "")
    if r.returncode != 0 or not m or "check=ok" not in (r.stdout or ""):
        raise RuntimeError("callgrind run of %s %d failed: %s" % (exe, ops, (r.stderr or "")[-400:]))
    funcs = {}
    if shutil.which("callgrind_annotate"):
        a = subprocess.run(["callgrind_annotate", "--threshold=100", "--auto=no", out], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, universal_newlines=True, timeout=120)
        in_funcs = False
        for line in a.stdout.splitlines():
            if "file:function" in line:
                in_funcs = True
                continue
            if not in_funcs or line.startswith("---"):
                continue
            if not line.strip():
                if funcs:
                    break           # the end of the function table
                continue
            mm = ANNOTATE_RE.match(line)
            if not mm or "PROGRAM TOTALS" in line:
                continue
            where = mm.group(2)
            src, fn = where.rsplit(":", 1) if ":" in where else ("???", where)
            obj = os.path.basename(mm.group(3) or "")
            if obj and obj != os.path.basename(exe):
                if re.match(r"0x[0-9a-fA-F]+$", fn):
                    fn = "unnamed functions"                # a stripped library's hidden ones (libitm's)
                key = "%s (%s)" % (fn, obj)                 # a library function
            elif src != "???":
                # the program's own code, by source file: inlined runtime code
                # shows up as e.g. atomicc_pv.h:teller
                key = "%s:%s" % (os.path.basename(src), fn)
            else:
                key = fn
            funcs[key] = funcs.get(key, 0) + int(mm.group(1).replace(",", ""))
    return int(m.group(1)), funcs


def measure_callgrind(bank, variants, build_dir, cc, cflags, n1, n2, wanted, progress):
    """[(variant, label, instructions/op, {function: instructions/op})] for bank at 1 thread."""
    by_name = {v.name: v for v in variants if v.prog is bank and v.ok}
    none_exe = os.path.join(build_dir, "bank_none")
    r = subprocess.run([cc] + cflags + ["-pthread", "-I", NATIVE_DIR, "-DLOCK_NONE", bank.pthread_src,
                                        "-o", none_exe], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode == 0:
        by_name["none"] = Variant(bank, "none", "no synchronisation", "baseline", None, none_exe)
    rows = []
    for name, label in CALLGRIND_VARIANTS:
        if name not in wanted or name not in by_name:
            continue
        exe, env = by_name[name].exe, by_name[name].run_env
        try:
            ir1, f1 = callgrind_ir(exe, n1, build_dir, name, env)
            ir2, f2 = callgrind_ir(exe, n2, build_dir, name, env)
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            progress("  callgrind %s: %s" % (name, e))
            continue
        per = (ir2 - ir1) / float(n2 - n1)
        funcs = {}
        for k in set(f1) | set(f2):
            d = (f2.get(k, 0) - f1.get(k, 0)) / float(n2 - n1)
            if abs(d) >= 0.5:
                funcs[k] = d
        rows.append((name, label, per, funcs))
    return rows


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------

def runtime_fingerprint(atomicc, env):
    """(runtime dir, short hash of its sources, git state) for the record."""
    try:
        d = subprocess.run(atomicc + ["--print-runtime-dir"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, env=env, timeout=60).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "?", "?", "?"
    h = hashlib.sha1()
    try:
        for n in sorted(os.listdir(d)):
            if n.endswith((".c", ".h")):
                with open(os.path.join(d, n), "rb") as f:
                    h.update(n.encode() + b"\0" + f.read())
    except OSError:
        return d, "?", "?"
    git = "?"
    try:
        head = subprocess.run(["git", "-C", d, "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, universal_newlines=True, timeout=30).stdout.strip()
        dirty = subprocess.run(["git", "-C", d, "status", "--porcelain", "--", "."], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, universal_newlines=True, timeout=30).stdout.strip()
        if head:
            git = head + (" + uncommitted runtime changes" if dirty else "")
    except (OSError, subprocess.TimeoutExpired):
        pass
    return d, h.hexdigest()[:12], git


def print_tables(programs, variants, results, thread_counts, cores):
    noisy, loaded = [], []
    for p in programs:
        pv = [v for v in variants if v.prog is p]
        say("")
        say("== %s: %s  (throughput in %s/s, median; x = ratio to %s)"
            % (p.name, p.title, p.unit, next(l for n, _, l in p.baselines if n == p.mutex)))
        head = "  %-40s" % "variant" + "".join("%20s" % ("%d thread%s%s" % (t, "" if t == 1 else "s",
                                                                           "*" if t > cores else ""))
                                                 for t in thread_counts)
        say(head)
        for v in pv:
            cells = []
            if not v.ok:
                say("  %-40s %s" % (v.label, v.note))
                continue
            for t in thread_counts:
                res = results.get((p.name, v.name, t))
                base = results.get((p.name, p.mutex, t))
                if res is None or res.failures or not res.seconds:
                    cells.append("%20s" % ("FAILED" if res and res.failures else "-"))
                    continue
                rate = res.rate
                br = base.rate if base and base.seconds and not base.failures else None
                ratio = " %5.2fx" % (rate / br) if br else "       "
                busy = statistics.median(res.foreign) if res.foreign else 0.0
                mark = "!" if busy > FOREIGN_WARN else ("~" if res.spread > SPREAD_WARN else " ")
                if res.spread > SPREAD_WARN:
                    noisy.append((p.name, "%s/%d %.0f%%" % (v.name, t, 100 * res.spread)))
                if busy > FOREIGN_WARN:
                    loaded.append((p.name, "%s/%d %.0f%%" % (v.name, t, 100 * busy)))
                cells.append("%12s%s%s" % (fmt_rate(rate), ratio, mark))
            say("  %-40s" % v.label + "".join(cells))
        if p.tm_note and any(v.kind == "tm" and v.ok for v in pv):
            say("  (gcc -fgnu-tm rows: %s)" % p.tm_note)
    say("")
    say("  * more threads than the %d cores of this machine (oversubscribed)" % cores)
    def listing(items):
        for prog in [p.name for p in programs]:
            mine = [x for pn, x in items if pn == prog]
            if mine:
                say("      %s: %s" % (prog, ", ".join(mine)))
    if noisy:
        say("  ~ noisy: (max - min) / median of the run times > %.0f%% (variant/threads spread):"
            % (100 * SPREAD_WARN))
        listing(noisy)
    if loaded:
        say("  ! unreliable: other processes took > %.0f%% of the CPU time the median run could use"
            " (variant/threads share):" % (100 * FOREIGN_WARN))
        listing(loaded)
    shares = [f for r in results.values() for f in r.foreign]
    if shares:
        say("  CPU time other processes took from the runs (share of what a run could use): median %.1f%%, max %.1f%%"
            % (100 * statistics.median(shares), 100 * max(shares)))


def print_stm_vs_libitm(programs, variants, results, thread_counts, libitm):
    """stm's throughput divided by each libitm row's, per program and thread count."""
    ok = {(v.prog.name, v.name) for v in variants if v.ok}
    rows = []
    for p in programs:
        if not p.tm or (p.name, "stm") not in ok:
            continue
        for name, _, label in TM_VARIANTS:
            if (p.name, name) not in ok:
                continue
            cells = []
            for t in thread_counts:
                a, b = rate_of(results, p.name, "stm", t), rate_of(results, p.name, name, t)
                cells.append("%20s" % ("%.2fx" % (a / b) if a and b else "-"))
            rows.append("  %-9s %-30s" % (p.name, label) + "".join(cells))
    say("")
    say("== atomicc stm vs GCC TM: stm throughput / libitm throughput (goal: >= %.1fx at %d threads on %s)"
        % (GOAL_STM_LIBITM, GOAL_STM_LIBITM_THREADS, " and ".join(GOAL_STM_LIBITM_PROGRAMS)))
    if not rows:
        say("  (nothing to compare%s)" % ("" if libitm.ok else ": libitm not available"))
        return
    say("  %-9s %-30s" % ("program", "divided by") +
        "".join("%20s" % ("%d thread%s" % (t, "" if t == 1 else "s")) for t in thread_counts))
    for r in rows:
        say(r)


def pooled_rate(results, prog, variants, t):
    """ops/s from the median of the runs of several variants (same executable code)."""
    runs = []
    ops = None
    for v in variants:
        r = results.get((prog, v, t))
        if r is None or r.failures or not r.seconds:
            return None
        runs += r.seconds
        ops = r.ops
    return ops / statistics.median(runs) if runs else None


def rate_of(results, prog, variant, t):
    r = results.get((prog, variant, t))
    if r is None or r.failures or not r.seconds:
        return None
    return r.rate


def check_goals(programs, strategies, variants, results, thread_counts, cores, cg_rows, libitm):
    goals = []  # (ok or None for skipped, what, value)
    ok_variants = {(v.prog.name, v.name) for v in variants if v.ok}
    names = {p.name for p in programs}

    # global >= 0.9x the better of mutex and spinlock
    for p in programs:
        bases = [b for b in ("mutex", "spin") if (p.name, b) in ok_variants]
        if (p.name, "global") not in ok_variants or not bases:
            continue
        for t in thread_counts:
            g = rate_of(results, p.name, "global", t)
            best = max([(rate_of(results, p.name, b, t) or 0, b) for b in bases])
            if g is None or not best[0]:
                goals.append((None, "global >= %.1fx better of %s, %s %dt" % (GOAL_GLOBAL, "/".join(bases), p.name, t),
                              "not measured"))
                continue
            x = g / best[0]
            goals.append((x >= GOAL_GLOBAL, "global >= %.1fx better of %s: %s, %d thr"
                          % (GOAL_GLOBAL, "/".join(bases), p.name, t),
                          "%.3fx (global %s/s vs %s %s/s)" % (x, fmt_rate(g), best[1], fmt_rate(best[0]))))

    # pervar on bank
    if "bank" in names:
        for t, want in sorted(GOAL_PERVAR_BANK.items()):
            what = "pervar >= %.1fx global mutex: bank, %d thr" % (want, t)
            if t not in thread_counts:
                goals.append((None, what, "not measured (--threads)"))
                continue
            pv, mx = rate_of(results, "bank", "pervar", t), rate_of(results, "bank", "mutex", t)
            if pv is None or mx is None:
                goals.append((None, what, "not measured"))
                continue
            goals.append((pv / mx >= want, what, "%.3fx (pervar %s/s vs mutex %s/s)"
                          % (pv / mx, fmt_rate(pv), fmt_rate(mx))))
        cg = {n: per for n, _, per, _ in cg_rows}
        what = "pervar <= %d instructions per transfer: bank, 1 thr (callgrind)" % GOAL_PERVAR_INSTR
        if "pervar" in cg:
            goals.append((cg["pervar"] <= GOAL_PERVAR_INSTR, what, "%.1f instructions" % cg["pervar"]))
        else:
            goals.append((None, what, "not measured"))

    # auto >= 0.9x the best forced strategy.  When auto emits exactly the C
    # of a forced strategy, the two executables are the same program: their
    # runs are pooled, so that run-to-run noise cannot make them differ.
    same = {v.prog.name: v.same_as for v in variants if v.name == "auto" and v.ok}
    for p in programs:
        if (p.name, "auto") not in ok_variants:
            continue
        twin = same.get(p.name)
        for t in thread_counts:
            a = rate_of(results, p.name, "auto", t)
            if twin:
                a = pooled_rate(results, p.name, ("auto", twin), t) or a
            forced = []
            for s in strategies:
                if s == "auto" or (p.name, s) not in ok_variants:
                    continue
                r = pooled_rate(results, p.name, ("auto", s), t) if s == twin else rate_of(results, p.name, s, t)
                if r:
                    forced.append((r, s))
            what = "auto >= %.1fx best forced strategy: %s, %d thr" % (GOAL_AUTO, p.name, t)
            if a is None or not forced:
                goals.append((None, what, "not measured"))
                continue
            best = max(forced)
            note = "; auto's code is %s's, runs pooled" % twin if twin else ""
            goals.append((a / best[0] >= GOAL_AUTO, what, "%.3fx (auto %s/s vs %s %s/s%s)"
                          % (a / best[0], fmt_rate(a), best[1], fmt_rate(best[0]), note)))

    # stm: a single-thread fast path
    if 1 in thread_counts:
        for p in programs:
            if (p.name, "stm") not in ok_variants:
                continue
            r, mx = rate_of(results, p.name, "stm", 1), rate_of(results, p.name, p.mutex, 1)
            what = "stm >= %.1fx mutex at 1 thread: %s" % (GOAL_STM_1T, p.name)
            if r is None or mx is None:
                goals.append((None, what, "not measured"))
                continue
            goals.append((r / mx >= GOAL_STM_1T, what, "%.3fx" % (r / mx)))

    # stm >= 3x libitm at 2 threads on bank and list.  The goal is against
    # libitm as it runs by default; where that is hardware TM, also against
    # its software TM (ml_wt), the default on CPUs without RTM.
    t = GOAL_STM_LIBITM_THREADS
    for p in programs:
        if p.name not in GOAL_STM_LIBITM_PROGRAMS:
            continue
        against = [(LIBITM, "libitm")]
        if libitm.ok and libitm.htm == 1:
            against.append(("libitm-ml_wt", "libitm's software TM (ml_wt)"))
        for name, desc in against:
            what = "stm >= %.1fx %s at %d thr: %s" % (GOAL_STM_LIBITM, desc, t, p.name)
            if not libitm.ok:
                goals.append((None, what, "not measured (libitm not available)"))
                continue
            if t not in thread_counts:
                goals.append((None, what, "not measured (--threads)"))
                continue
            if (p.name, "stm") not in ok_variants:
                goals.append((None, what, "not measured (no stm build)"))
                continue
            r, b = rate_of(results, p.name, "stm", t), rate_of(results, p.name, name, t)
            if r is None or b is None:
                goals.append((None, what, "not measured"))
                continue
            how = "; here libitm runs hardware TM" if name == LIBITM and libitm.htm == 1 else ""
            goals.append((r / b >= GOAL_STM_LIBITM, what, "%.3fx (stm %s/s vs libitm %s/s%s)"
                          % (r / b, fmt_rate(r), fmt_rate(b), how)))

    # oversubscribed: every strategy >= 0.6x the mutex
    over = [t for t in thread_counts if t > cores]
    for p in programs:
        for t in over:
            mx = rate_of(results, p.name, p.mutex, t)
            for s in strategies:
                if (p.name, s) not in ok_variants:
                    continue
                r = rate_of(results, p.name, s, t)
                what = "%s >= %.1fx mutex with %d threads on %d cores: %s" % (s, GOAL_OVERSUB, t, cores, p.name)
                if r is None or mx is None:
                    goals.append((None, what, "not measured"))
                    continue
                goals.append((r / mx >= GOAL_OVERSUB, what, "%.3fx" % (r / mx)))
    if not over:
        goals.append((None, "every strategy >= %.1fx mutex when oversubscribed" % GOAL_OVERSUB,
                      "not measured (no thread count > %d cores)" % cores))
    return goals


def write_csv(path, programs, variants, results, thread_counts, cg_rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["kind", "program", "variant", "label", "threads", "total_ops", "runs", "median_seconds",
                    "ops_per_second", "ratio_to_mutex", "min_ops_per_second", "max_ops_per_second",
                    "instructions_per_op", "note", "seconds"])
        for p in programs:
            for v in [v for v in variants if v.prog is p]:
                if not v.ok:
                    w.writerow(["throughput", p.name, v.name, v.label, "", "", 0, "", "", "", "", "", "",
                                v.note, ""])
                    continue
                for t in thread_counts:
                    r = results.get((p.name, v.name, t))
                    if r is None:
                        continue
                    if r.failures or not r.seconds:
                        w.writerow(["throughput", p.name, v.name, v.label, t, r.ops or "", len(r.seconds), "", "",
                                    "", "", "", "", "; ".join(r.failures), ""])
                        continue
                    base = rate_of(results, p.name, p.mutex, t)
                    w.writerow(["throughput", p.name, v.name, v.label, t, r.ops, len(r.seconds),
                                "%.9f" % statistics.median(r.seconds), "%.1f" % r.rate,
                                "%.4f" % (r.rate / base) if base else "",
                                "%.1f" % (r.ops / max(r.seconds)), "%.1f" % (r.ops / min(r.seconds)), "", "",
                                " ".join("%.6f" % s for s in r.seconds)])
        for name, label, per, funcs in cg_rows:
            note = "; ".join("%s %.1f" % (k, d) for k, d in sorted(funcs.items(), key=lambda x: -x[1]))
            w.writerow(["callgrind", "bank", name, label, 1, "", "", "", "", "", "", "", "%.2f" % per, note, ""])


# ---------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="tiny op counts, 1 repeat (smoke run, < 60 s)")
    ap.add_argument("--repeats", type=int, default=None, help="timed runs per cell (default 5, quick 1)")
    ap.add_argument("--threads", default="1,2,8", help="comma-separated thread counts (default 1,2,8)")
    ap.add_argument("--only", default=None, help="comma-separated programs: " +
                    ",".join(p.name for p in PROGRAMS))
    ap.add_argument("--csv", metavar="FILE", help="also write every cell (and the callgrind rows) as CSV")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every program's op count")
    ap.add_argument("--timeout", type=float, default=None, help="seconds per run (default 120, quick 20)")
    ap.add_argument("--cc", default=os.environ.get("CC", "gcc"), help="C compiler for the baselines "
                    "(and for atomicc, through $CC; default gcc)")
    ap.add_argument("--atomicc", default=None, help="atomicc executable (default: next to this Python, "
                    "or on PATH)")
    ap.add_argument("--no-callgrind", action="store_true", help="skip the instruction counts")
    ap.add_argument("--keep", metavar="DIR", help="build into DIR and keep it (default: a temp dir)")
    ap.add_argument("--jobs", type=int, default=None, help="parallel builds (default: number of CPUs)")
    ap.add_argument("--nice", type=int, default=None, metavar="N",
                    help="run the measured programs at niceness N (e.g. -20 as root: precedence over other "
                         "work on a shared machine)")
    ap.add_argument("--wait-idle", type=float, default=0.0, metavar="SECONDS",
                    help="before measuring, wait up to SECONDS for other processes to leave the CPUs idle")
    args = ap.parse_args(argv)

    repeats = args.repeats if args.repeats is not None else (1 if args.quick else 5)
    if repeats < 1:
        ap.error("--repeats must be >= 1")
    try:
        thread_counts = sorted({int(x) for x in args.threads.split(",") if x.strip()})
    except ValueError:
        ap.error("--threads wants comma-separated integers")
    if not thread_counts or min(thread_counts) < 1 or max(thread_counts) > 256:
        ap.error("--threads: counts must be within 1..256")
    programs = PROGRAMS
    if args.only:
        want = [x.strip() for x in args.only.split(",") if x.strip()]
        unknown = [x for x in want if x not in {p.name for p in PROGRAMS}]
        if unknown:
            ap.error("--only: unknown program(s) %s; choose from %s"
                     % (", ".join(unknown), ", ".join(p.name for p in PROGRAMS)))
        programs = [p for p in PROGRAMS if p.name in want]
    if args.scale <= 0:
        ap.error("--scale must be > 0")
    if shutil.which(args.cc) is None:
        ap.error("C compiler %r not found" % args.cc)
    timeout = args.timeout or (20.0 if args.quick else 120.0)
    global NICE
    if args.nice is not None:
        try:
            old = os.getpriority(os.PRIO_PROCESS, 0)
            os.setpriority(os.PRIO_PROCESS, 0, args.nice)     # check that we may
            os.setpriority(os.PRIO_PROCESS, 0, old)
        except (OSError, AttributeError) as e:
            ap.error("--nice %d: %s" % (args.nice, e))
        NICE = args.nice
    cores = os.cpu_count() or 1
    atomicc = find_atomicc(args.atomicc)
    env = dict(os.environ)
    env["CC"] = args.cc
    cflags = ["-O2", "-g"]     # -g does not change gcc's code; it lets callgrind name inlined runtime code

    t_start = time.perf_counter()
    cc_version = subprocess.run([args.cc, "--version"], stdout=subprocess.PIPE,
                                universal_newlines=True).stdout.splitlines()[0]
    try:
        av = subprocess.run(atomicc + ["--version"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            universal_newlines=True, env=env, timeout=60).stdout.strip()
    except (OSError, subprocess.TimeoutExpired) as e:
        ap.error("cannot run atomicc (%s): %s" % (" ".join(atomicc), e))
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"model name\s*:\s*(.*)", f.read())
            if m:
                cpu = m.group(1).strip()
    except OSError:
        pass
    rdir, rhash, rgit = runtime_fingerprint(atomicc, env)
    strategies = find_strategies(atomicc, env)
    say("atomicc native benchmark  (%s; %s; %d cores: %s; %s; repeats %d; threads %s%s)"
        % (av or "atomicc ?", cc_version, cores, cpu, platform.release(), repeats,
           ",".join(map(str, thread_counts)), "; quick" if args.quick else ""))
    say("runtime: %s (sources sha1 %s, git %s); strategies: %s%s"
        % (rdir, rhash, rgit, ", ".join(strategies), "; programs run at nice %d" % NICE if NICE is not None else ""))

    if args.keep:
        build_dir = os.path.abspath(args.keep)
        os.makedirs(build_dir, exist_ok=True)
    else:
        build_dir = tempfile.mkdtemp(prefix="atomicc-native-")
    failed = False
    try:
        if any(p.tm for p in programs):
            libitm = probe_libitm(args.cc, cflags, build_dir)
            say("libitm: %s" % libitm.describe())
        else:
            libitm = LibitmInfo(False, "no program with a GCC TM version selected")
        variants = plan_builds(programs, strategies, atomicc, args.cc, build_dir, cflags, libitm)
        t0 = time.perf_counter()
        build_all(variants, programs, atomicc, env, args.jobs or cores)
        say("built %d of %d variants in %.1f s into %s"
            % (sum(v.ok for v in variants), len(variants), time.perf_counter() - t0, build_dir))
        for v in variants:
            if v.error:
                failed = True
                say("  ERROR %s %s: %s" % (v.prog.name, v.name, v.note))
                if v.kind == "baseline":
                    say("  (a baseline must build: its program's ratios are missing)")

        share = wait_idle(cores, args.wait_idle, say)
        if share is not None:
            if share >= FOREIGN_WARN:
                hint = ("; the runs get precedence (--nice %d), see the share they lost below" % NICE
                        if NICE is not None and NICE < 0 else ": the numbers may be unreliable (see --nice)")
            else:
                hint = ""
            say("other processes use %.0f%% of the machine before measuring%s" % (100 * share, hint))
        t0 = time.perf_counter()
        results = measure(programs, variants, thread_counts, repeats, args.scale, args.quick, timeout, say,
                          cores)
        say("measured in %.1f s" % (time.perf_counter() - t0))
        if any(r.failures for r in results.values()):
            failed = True
        print_tables(programs, variants, results, thread_counts, cores)
        if any(p.tm for p in programs):
            print_stm_vs_libitm(programs, variants, results, thread_counts, libitm)

        cg_rows = []
        bank = next((p for p in programs if p.name == "bank"), None)
        if bank is not None and not args.no_callgrind:
            if shutil.which("valgrind") is None:
                say("\ncallgrind: valgrind not found, instruction counts skipped")
            else:
                n1, n2 = (2_000, 6_000) if args.quick else (20_000, 60_000)
                n1, n2 = max(1, int(n1 * args.scale)), max(2, int(n2 * args.scale))
                wanted = CALLGRIND_QUICK if args.quick else {n for n, _ in CALLGRIND_VARIANTS}
                t0 = time.perf_counter()
                cg_rows = measure_callgrind(bank, variants, build_dir, args.cc, cflags, n1, n2, wanted, say)
                say("")
                say("== bank: instructions per transfer at 1 thread  (callgrind: (Ir(%d) - Ir(%d)) / %d; %.1f s)"
                    % (n2, n1, n2 - n1, time.perf_counter() - t0))
                none = next((per for n, _, per, _ in cg_rows if n == "none"), None)
                for name, label, per, funcs in cg_rows:
                    extra = "" if none is None or name == "none" else "   (+%.1f over no synchronisation)" % (per - none)
                    if name in CALLGRIND_ANCHORS:
                        extra += "   [anchor: %d]" % CALLGRIND_ANCHORS[name]
                    say("  %-40s %8.1f%s" % (label, per, extra))
                if not libitm.ok and "libitm" in wanted:
                    say("  %-40s %s" % ("gcc -fgnu-tm (libitm)", "skipped: libitm not available"))
                for name, label, per, funcs in cg_rows:
                    if name not in CALLGRIND_BY_FUNCTION:
                        continue
                    top = sorted(funcs.items(), key=lambda x: -x[1])[:10]
                    say("    %s, by function (self instructions per transfer): %s"
                        % (label, ", ".join("%s %.1f" % (k, d) for k, d in top)))

        goals = check_goals(programs, strategies, variants, results, thread_counts, cores, cg_rows, libitm)
        say("")
        say("goals:")
        for ok, what, val in goals:
            say("  %-4s %-66s %s" % ("-" if ok is None else ("ok" if ok else "MISS"), what, val))
        met = sum(1 for ok, _, _ in goals if ok)
        missed = sum(1 for ok, _, _ in goals if ok is False)
        say("  %d met, %d missed, %d not measured" % (met, missed, sum(1 for ok, _, _ in goals if ok is None)))

        if args.csv:
            write_csv(args.csv, programs, variants, results, thread_counts, cg_rows)
            say("\nrows written to %s" % args.csv)
        say("\ntotal benchmark time %.1f s" % (time.perf_counter() - t_start))
    finally:
        if not args.keep:
            shutil.rmtree(build_dir, ignore_errors=True)
    # missed goals do not fail the run; a failed build or run (wrong result, timeout) does
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
