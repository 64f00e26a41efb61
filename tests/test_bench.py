"""`atomicc bench`: the command-line contract, a tiny native run (CSV, PNG,
tables, n/a for a refused strategy), the run timeout, the shipped programs
(package data, the copies of bench/apps), and every benchmark program's
invariant under every strategy the compiler accepts for it."""

import concurrent.futures
import csv
import fnmatch
import glob
import os
import re
import subprocess

import pytest

from conftest import ROOT, atomicc

from atomicc.bench import harness

PROGRAMS_DIR = os.path.join(ROOT, "compiler", "bench", "programs")


# ---------------------------------------------------------------------------
# command line

def test_help_lists_the_options():
    r = atomicc("bench", "--help")
    assert r.returncode == 0
    for opt in ("--quick", "--cpus", "--programs", "--strategies", "--target", "--repeats", "--out",
                "--keep-builds"):
        assert opt in r.stdout


@pytest.mark.parametrize("args", [
    ["--cpus", "0"],
    ["--cpus", "two"],
    ["--cpus", ""],
    ["--programs", "bank,nope"],
    ["--strategies", "locks"],
    ["--target", "mars"],
    ["--target", "sim:8"],
    ["--repeats", "0"],
    ["--repeats", "x"],
    ["--timeout", "-1"],
    ["--frobnicate"],
    ["extra-positional"],
])
def test_usage_errors_exit_2(args, tmp_path):
    r = atomicc("bench", *args, "--out", str(tmp_path / "out"), timeout=60)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "atomicc: error:" in r.stderr
    assert not (tmp_path / "out").exists()      # nothing was built or written


# ---------------------------------------------------------------------------
# a tiny native run

def test_tiny_native_run_writes_csv_png_and_tables(tmp_path):
    out = tmp_path / "out"
    r = atomicc("bench", "--target", "native", "--programs", "bank-1024", "--cpus", "1,2",
                "--strategies", "global,atomic-op,auto", "--scale", "0.2", "--out", str(out), timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    text = r.stdout
    # the per-program table, the refused strategy with the compiler's reason, auto vs best, the goals
    assert "== bank-1024:" in text
    assert re.search(r"^atomic-op\s+n/a: .*commutative update", text, re.M), text
    assert re.search(r"^global\s+\S+\s+1\.00x", text, re.M), text
    assert "== auto vs best forced" in text
    assert re.search(r"^auto\s.*\(picks (global|pervar|stm) at 1,2", text, re.M), text
    assert "goals (DESIGN section 7):" in text
    assert "not measured (a simulator goal" in text

    with open(out / "bench.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0].keys()) == harness.CSV_COLUMNS
    for col in ("program", "strategy", "cpus", "throughput", "speedup", "seconds", "status"):
        assert col in rows[0]
    assert len(rows) == 3 * 2
    by = {(x["strategy"], x["cpus"]): x for x in rows}
    assert by[("atomic-op", "1")]["status"] == "n/a" and "commutative" in by[("atomic-op", "1")]["note"]
    for s in ("global", "auto"):
        for n in ("1", "2"):
            x = by[(s, n)]
            assert x["status"] == "ok" and x["target"] == "native"
            assert float(x["throughput"]) > 0 and float(x["seconds"]) > 0 and int(x["ops"]) > 0
    assert float(by[("global", "1")]["speedup"]) == 1.0
    assert re.match(r"^(global|pervar|stm|atomic-op):1$", by[("auto", "2")]["auto_pick"])   # bank has one block
    assert by[("auto", "2")]["best_forced"] == "global"
    assert float(by[("auto", "2")]["ratio_to_best_forced"]) > 0

    png = (out / "speedup.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 2000
    assert not (out / "builds").exists()         # no --keep-builds


def test_keep_builds_and_failed_run_exit_1(tmp_path, monkeypatch):
    """A run that breaks its invariant (here: a program that cannot start) fails the bench with
    exit 1 and the program's output; --keep-builds keeps the executables."""
    out = tmp_path / "out"

    class Args:
        quick = True
        programs = "counters"
        strategies = "atomic-op"
        cpus = "1"
        target = "native"
        repeats = None
        timeout = 30
        scale = 0.1
        jobs = 1
        keep_builds = True
    Args.out = str(out)
    opt = harness.make_options(Args)
    # a run whose program fails: wrap the argv so the executable gets a bad argument
    real_argv = harness.Program.argv
    monkeypatch.setattr(harness.Program, "argv", lambda self, exe, t, n: real_argv(self, exe, t, n) + ["-x"])
    status = harness.run(opt)
    assert status == 1
    assert os.path.exists(str(out / "builds" / "counters.atomic-op"))
    with open(out / "bench.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["status"] == "failed" and rows[0]["note"].startswith("exit 2")


def test_build_failure_exits_1_with_the_compiler_output(tmp_path, monkeypatch, capsys):
    bank = next(p for p in harness.PROGRAMS if p.name == "bank-16")
    monkeypatch.setattr(bank, "defines", ["NACCOUNTS=1"])        # bank.c: #error "NACCOUNTS must be at least 2"
    Args = type("Args", (), dict(quick=True, programs="bank-16", strategies="global", cpus="1", target="native",
                                 repeats=None, timeout=30, scale=0.1, jobs=1, keep_builds=False,
                                 out=str(tmp_path / "out")))
    assert harness.run(harness.make_options(Args)) == 1
    text = capsys.readouterr().out
    assert "BUILD FAILED bank-16 global" in text and "NACCOUNTS must be at least 2" in text
    with open(tmp_path / "out" / "bench.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["strategy"], r["status"]) for r in rows] == [("global", "failed")]


def test_run_timeout_kills_the_program(tmp_path):
    src = tmp_path / "hang.c"
    src.write_text("#include <unistd.h>\nint main(void) { for (;;) pause(); }\n")
    exe = str(tmp_path / "hang")
    subprocess.run(["gcc", "-O1", str(src), "-o", exe], check=True)
    b = harness.Build(harness.PROGRAMS[0], "global", None, exe)
    ops, secs, report, fail = harness.run_one(b, 1, 10, "native", 1.0)
    assert ops is None and fail.startswith("timeout after 1 s")


# ---------------------------------------------------------------------------
# the shipped programs

def test_programs_are_package_data():
    """Every program file matches a package-data glob of atomicc.bench (so pip installs ship them)."""
    with open(os.path.join(ROOT, "pyproject.toml")) as f:
        text = f.read()
    m = re.search(r'^"atomicc\.bench" = \[(.*)\]$', text, re.M)
    assert m, "no package-data line for atomicc.bench"
    globs = re.findall(r'"([^"]+)"', m.group(1))
    assert re.search(r'"atomicc\.bench"', text.split("[tool.setuptools.package-data]")[0])
    base = os.path.join(ROOT, "compiler", "bench")
    files = [os.path.relpath(p, base) for p in glob.glob(os.path.join(PROGRAMS_DIR, "**", "*"), recursive=True)
             if os.path.isfile(p) and not p.endswith((".pyc",))]
    assert files
    missing = [f for f in files if not any(fnmatch.fnmatch(f, g) and f.count("/") == g.count("/") for g in globs)]
    assert not missing, missing
    for p in harness.PROGRAMS:
        for s in p.sources():
            assert os.path.isfile(s), s


def test_app_copies_match_bench_apps():
    """bench/apps (used by bench/apps.py) and the packaged apps are one set of files (a link)."""
    src = os.path.join(ROOT, "bench", "apps")
    assert os.path.isdir(src), "bench/apps (a link to compiler/bench/programs/apps) is missing"
    ours = os.path.join(PROGRAMS_DIR, "apps")
    def files(d):
        return sorted(os.path.relpath(p, d) for p in glob.glob(os.path.join(d, "**", "*.[ch]"), recursive=True))
    assert files(src) == files(ours)
    for rel in files(src):
        with open(os.path.join(src, rel), "rb") as a, open(os.path.join(ours, rel), "rb") as b:
            assert a.read() == b.read(), "%s differs from bench/apps/%s: copy it again" % (rel, rel)


# ---------------------------------------------------------------------------
# every program keeps its invariant under every strategy the compiler accepts

# Forced strategies each benchmark program refuses: every block of `counters`
# is one atomic update; every other program has blocks that are not.
REFUSED_BY = {name: ("atomic-op",) for name in harness.PROGRAM_NAMES if name != "counters"}


@pytest.mark.parametrize("name", harness.PROGRAM_NAMES)
def test_program_invariant_under_every_strategy(name, tmp_path):
    prog = next(p for p in harness.PROGRAMS if p.name == name)
    builds = [harness.Build(prog, s, None, str(tmp_path / ("%s.%s" % (name, s)))) for s in harness.ALL_STRATEGIES]
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        list(ex.map(lambda b: harness.build_one(b, "native", str(tmp_path)), builds))
    for b in builds:
        assert b.status in ("ok", "n/a"), "%s %s: %s\n%s" % (name, b.strategy, b.note, b.output)
    # a refusal is not a skip: the strategies each program refuses are these, and only these
    refused = {b.strategy: b.output for b in builds if b.status == "n/a"}
    assert sorted(refused) == sorted(REFUSED_BY.get(name, ())), refused
    for out in refused.values():
        assert "cannot be used for this atomic block: it is not one commutative update" in out, out
    assert any(b.ok and b.strategy == "global" for b in builds)
    work = prog.work(True, "sim", 1.0)            # the simulator's quick work: small
    for b in builds:
        if b.ok:
            ops, secs, _, fail = harness.run_one(b, 4, work, "native", 60.0)
            assert fail is None, "%s %s: %s" % (name, b.strategy, fail)
            assert ops > 0 and secs >= 0


# ---------------------------------------------------------------------------
# the simulator

def test_quick_sim_run(tmp_path):
    out = tmp_path / "out"
    r = atomicc("bench", "--quick", "--out", str(out), timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "bank-1024: pervar speedup at 64 vCPUs" in r.stdout
    with open(out / "bench.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {x["target"] for x in rows} == {"sim"}
    assert {int(x["cpus"]) for x in rows} == set(harness.QUICK_CPUS)
    assert (out / "speedup.png").read_bytes()[:4] == b"\x89PNG"
    ok = [x for x in rows if x["status"] == "ok"]
    assert ok and all(x["trace_hash"] and int(x["sim_events"]) > 0 for x in ok)
    # deterministic: the same executable at the same count gives the same simulated time
    b = {(x["program"], x["strategy"], x["cpus"]): x for x in rows}
    assert b[("counters", "auto", "4")]["seconds"] == b[("counters", "atomic-op", "4")]["seconds"]


def test_read_report_fields(tmp_path):
    p = tmp_path / "r.json"
    p.write_text('{"vcpus": 4, "cycles": 1200, "events": 345, "stm_commits": 7, "stm_aborts": 2, '
                 '"commits": {"stm": 7}, "lock_wait_cycles": 9, "contended": 1, "context_switches": 3, '
                 '"trace_hash": "00ff", "hot_lines": [{"line": "acct+64", "queued_cycles": 50, "sites": '
                 '[{"site": "teller+0x10", "cycles": 40, "count": 2}]}], "host_seconds": 0.5, '
                 '"events_per_host_second": 690}')
    r = harness.read_report(str(p))
    assert r["sim_cycles"] == 1200 and r["sim_events"] == 345 and r["stm_aborts"] == 2
    assert r["trace_hash"] == "00ff" and r["events_per_host_second"] == 690
    assert r["hottest_line"] == "acct+64: 50 cycles queued; most at teller+0x10"
    assert set(r) <= set(harness.REPORT_COLUMNS)
    assert harness.read_report(str(tmp_path / "missing.json")) == {}
