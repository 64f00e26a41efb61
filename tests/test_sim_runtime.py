"""The simulator core of --target=sim (runtime_c/sim/): builds the runtime
library in sim mode with gcc (the driver's contract), builds each C test of
runtime_c/sim/tests and the runtime's own tests, runs each with a timeout and
checks its output (runtime_c/sim/tests/run.sh does the same from a shell)."""

import json
import os
import re
import subprocess

import pytest

from conftest import ROOT

RT = os.path.join(ROOT, "runtime_c")
SIM = os.path.join(RT, "sim")
TESTS = os.path.join(SIM, "tests")
SIMFLAGS = ["-DATOMICC_SIM=1", "-include", os.path.join(SIM, "atomicc_sim.h"), "-I" + RT, "-I" + SIM]
WARN = ["-std=gnu11", "-Wall", "-Wextra", "-Werror"]
LDFLAGS = ["-Wl,--wrap=main", "-rdynamic", "-pthread"]
TIMEOUT = 120


def _golden_hash():
    with open(os.path.join(TESTS, "run.sh"), encoding="utf-8") as f:
        return re.search(r"^GOLDEN_HASH=([0-9a-f]+)$", f.read(), re.M).group(1)


@pytest.fixture(scope="module")
def simlib(tmp_path_factory):
    """The runtime library's objects, sim mode, warning-free."""
    d = tmp_path_factory.mktemp("simlib")
    objs = []
    for base in (RT, SIM):
        for name in sorted(os.listdir(base)):
            if not name.endswith(".c"):
                continue
            obj = str(d / (name[:-2] + ".o"))
            p = subprocess.run(["gcc", *WARN, "-O2", *SIMFLAGS, "-c", os.path.join(base, name), "-o", obj],
                               capture_output=True, text=True, timeout=TIMEOUT)
            assert p.returncode == 0, name + ":\n" + p.stderr
            objs.append(obj)
    return d, objs


def build(simlib, src, *cflags):
    d, objs = simlib
    exe = str(d / (os.path.basename(src)[:-2] + "".join(cflags).replace("-", "_")))
    p = subprocess.run(["gcc", *WARN, "-O2", *cflags, *SIMFLAGS, "-I" + TESTS, "-I" + os.path.join(RT, "tests"),
                        "-c", src, "-o", exe + ".o"], capture_output=True, text=True, timeout=TIMEOUT)
    assert p.returncode == 0, p.stderr
    p = subprocess.run(["gcc", exe + ".o", *objs, *LDFLAGS, "-o", exe], capture_output=True, text=True,
                       timeout=TIMEOUT)
    assert p.returncode == 0, p.stderr
    return exe


def run(exe, cpus=4, seed=None, report="none", fmt="text", args=()):
    env = dict(os.environ, ATOMICC_SIM_CPUS=str(cpus), ATOMICC_SIM_REPORT=report,
               ATOMICC_SIM_REPORT_FORMAT=fmt)
    env.pop("ATOMICC_SIM_SEED", None)
    if seed is not None:
        env["ATOMICC_SIM_SEED"] = str(seed)
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=TIMEOUT, env=env)


def assert_ok(p):
    assert p.returncode == 0 and p.stdout == "ok\n" and p.stderr == "", (p.returncode, p.stdout, p.stderr)


def strip_host(text):
    return "\n".join(l for l in text.splitlines() if "host second" not in l)


def test_counter_mutex_deterministic(simlib, tmp_path):
    exe = build(simlib, os.path.join(TESTS, "test_counter.c"))
    reports = []
    for i in range(2):
        rep = str(tmp_path / ("r%d" % i))
        assert_ok(run(exe, 4, report=rep))
        with open(rep, encoding="utf-8") as f:
            reports.append(f.read())
    assert "trace hash" in reports[0] and "mu+0" in reports[0]
    assert strip_host(reports[0]) == strip_host(reports[1])
    assert re.search(r"contended acquisitions\s+[1-9]", reports[0])


@pytest.mark.parametrize("opt", ["-O0", "-O2"])
def test_golden_trace_hash(simlib, tmp_path, opt):
    exe = build(simlib, os.path.join(TESTS, "test_golden.c"), opt)
    rep = str(tmp_path / "r.json")
    assert_ok(run(exe, 4, report=rep, fmt="json"))
    with open(rep, encoding="utf-8") as f:
        data = json.load(f)
    assert data["trace_hash"] == _golden_hash()
    assert data["vcpus"] == 4 and data["seed"] == 0 and data["events"] > 0


def test_deadlock_found_and_reproduced(simlib):
    exe = build(simlib, os.path.join(TESTS, "test_deadlock.c"))
    found = None
    for seed in range(1, 101):
        p = run(exe, 4, seed=seed, report="stderr")
        if p.returncode == 86:
            found = seed, p.stderr
            break
        assert p.returncode == 0 and p.stdout == "ok\n", p.stderr
    assert found, "no seed in 1..100 deadlocks"
    seed, err = found
    assert "deadlock: every thread is blocked (seed %d; replay with ATOMICC_SIM_SEED=%d)" % (seed, seed) in err
    assert re.search(r"thread \d \(ab\) at cycle \d+ waits for mutex 0x[0-9a-f]+ \(lock_[ab]\+0\) held by "
                     r"thread \d", err), err
    again = run(exe, 4, seed=seed, report="stderr")
    assert again.returncode == 86

    def norm(s):
        return strip_host(re.sub(r"0x[0-9a-f]+", "", s))
    assert norm(again.stderr) == norm(err)


@pytest.mark.parametrize("name", ["test_sync", "test_tls", "test_atomics"])
@pytest.mark.parametrize("cpus", [1, 4, 64])
def test_sim_c_tests(simlib, name, cpus):
    exe = build(simlib, os.path.join(TESTS, name + ".c"))
    assert_ok(run(exe, cpus))


@pytest.mark.parametrize("name", ["test_counter", "test_stm_bank", "test_retry", "test_pv_park"])
def test_runtime_under_sim(simlib, name):
    exe = build(simlib, os.path.join(RT, "tests", name + ".c"))
    for cpus in (1, 4, 64):
        assert_ok(run(exe, cpus))


def test_report_formats(simlib, tmp_path):
    exe = build(simlib, os.path.join(RT, "tests", "test_counter.c"))
    p = run(exe, 4, report="stderr")
    assert p.returncode == 0 and p.stdout == "ok\n"
    for key in ("vcpus", "seed", "simulated cycles", "simulated seconds", "atomic blocks",
                "blocks per sim second", "lock wait cycles", "contended acquisitions", "stm commits / aborts",
                "events", "trace hash", "hottest lines", "host seconds", "events per host second"):
        assert key in p.stderr, key
    assert "atomicc__glock+0" in p.stderr  # the global lock word is the hot line
    rep = str(tmp_path / "r.json")
    assert_ok(run(exe, 4, report=rep, fmt="json"))
    with open(rep, encoding="utf-8") as f:
        data = json.load(f)
    assert data["hot_lines"] and data["hot_lines"][0]["sites"]
    assert data["events_per_host_second"] > 0


@pytest.mark.parametrize("name", ["test_counter", "test_pv_park"])
def test_runtime_lock_waits_reported(simlib, tmp_path, name):
    """The runtime's own locks report their contended acquisitions (the
    global lock word in test_counter, pervar's object stripes in
    test_pv_park): the report counts them under runtime locks."""
    exe = build(simlib, os.path.join(RT, "tests", name + ".c"))
    rep = str(tmp_path / "r.json")
    assert_ok(run(exe, 4, report=rep, fmt="json"))
    with open(rep, encoding="utf-8") as f:
        data = json.load(f)
    assert data["runtime_contended"] > 0 and data["runtime_lock_wait_cycles"] > data["runtime_contended"]
    assert data["mutex_contended"] == 0
    assert data["lock_wait_cycles"] == data["runtime_lock_wait_cycles"]


def test_profile(simlib, tmp_path):
    """ATOMICC_SIM_PROFILE=N adds where the cycles went, by function and by
    site, to both report formats, and does not change the run."""
    exe = build(simlib, os.path.join(RT, "tests", "test_counter.c"))
    plain = str(tmp_path / "plain.json")
    assert_ok(run(exe, 4, report=plain, fmt="json"))
    env = dict(os.environ, ATOMICC_SIM_CPUS="4", ATOMICC_SIM_REPORT="stderr", ATOMICC_SIM_PROFILE="5")
    p = subprocess.run([exe], capture_output=True, text=True, timeout=TIMEOUT, env=env)
    assert p.returncode == 0 and p.stdout == "ok\n", p.stderr
    text = p.stderr[p.stderr.index("  profile (cycles the hooks charged"):]
    rows = re.findall(r"^      (\S+) +(\d+) cycles +([\d.]+)% +(\d+) hooks", text, re.M)
    funcs = [r for r in rows if "+" not in r[0]]
    sites = [r for r in rows if "+" in r[0]]
    assert len(funcs) == 5 and len(sites) == 5, text
    assert [int(r[1]) for r in funcs] == sorted((int(r[1]) for r in funcs), reverse=True)
    # the global lock's enter (inline in the worker, out of line when contended) is where a counter spends
    assert any(r[0].startswith("atomicc_global_enter") or r[0] == "worker" for r in funcs), text
    prof = str(tmp_path / "prof.json")
    env.update(ATOMICC_SIM_REPORT=prof, ATOMICC_SIM_REPORT_FORMAT="json")
    p = subprocess.run([exe], capture_output=True, text=True, timeout=TIMEOUT, env=env)
    assert p.returncode == 0, p.stderr
    with open(prof, encoding="utf-8") as f:
        data = json.load(f)
    with open(plain, encoding="utf-8") as f:
        base = json.load(f)
    assert "profile" not in base
    assert data["trace_hash"] == base["trace_hash"] and data["cycles"] == base["cycles"]
    pr = data["profile"]
    assert len(pr["functions"]) == 5 and len(pr["sites"]) == 5
    assert pr["other_cycles"] == 0
    # every cycle a thread's clock advanced by a hook is counted once: the
    # sum over all functions is the profile's total, and at most every
    # thread's clock
    assert 0 < sum(r["cycles"] for r in pr["functions"]) <= pr["cycles"] <= data["cycles"] * data["threads"]
    assert all(r["count"] > 0 for r in pr["sites"])


def test_fatal_signal_prints_seed(simlib, tmp_path):
    src = tmp_path / "crash.c"
    src.write_text("#include <stdlib.h>\nint main(void) { abort(); }\n")
    exe = build(simlib, str(src))
    p = run(exe, 2, seed=7)
    assert p.returncode != 0
    assert "atomicc-sim: fatal signal SIGABRT" in p.stderr and "replay with ATOMICC_SIM_SEED=7" in p.stderr


def test_events_benchmark_prints(simlib):
    exe = build(simlib, os.path.join(TESTS, "bench_events.c"))
    p = run(exe, 64, args=("1",))
    assert p.returncode == 0, p.stderr
    assert "1 thread, L1 hits" in p.stdout and "64 threads on 64 vCPUs" in p.stdout
    print(p.stdout)
