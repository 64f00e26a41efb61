"""`atomicc cc --target=sim[:N]`: Atomic C programs built for the simulated
multiprocessor run correctly, deterministically, and under every strategy.

* every sample and tests/c program, built with `--target=sim:4` (auto),
  prints exactly its EXPECT lines;
* the quick samples under every forced strategy that must be legal for
  them (a refusal fails the test);
* multi-file programs built together, and two built with `-c` and linked
  (the objects carry their target; linking them natively is an error);
* determinism: two runs of one binary give one trace hash under every
  strategy; builds at -O0 and -O2 print the same and agree on the simulated
  time within 5 % (their layouts differ, and so do their hashes);
  other seeds change the schedule but not the result;
* a block/mutex lock-order cycle deadlocks under some seed within 100, the
  report names the threads and locks, and the seed replays it exactly.
Simulator runs are single host threads, so these tests need no quiet machine.
"""

import json
import os
import subprocess

import pytest

from conftest import SAMPLES, TESTS, all_samples, atomicc, expected_output, sample_args

SIM = os.path.join(TESTS, "sim")
MULTIFILE = os.path.join(TESTS, "multifile")
RUN_TIMEOUT = 40
PROGRAMS = [os.path.join(SAMPLES, n) for n in all_samples()] + sorted(
    os.path.join(TESTS, "c", n) for n in os.listdir(os.path.join(TESTS, "c")) if n.endswith(".c"))
# Quick programs, with the forced strategies that must be legal for them.
FORCED = [(os.path.join(SAMPLES, "bank_retry.c"), s) for s in ("global", "pervar", "stm")] + \
    [(os.path.join(SAMPLES, "bank1024.c"), s) for s in ("global", "pervar", "stm")] + \
    [(os.path.join(SAMPLES, "early_exit.c"), s) for s in ("global", "pervar", "stm")] + \
    [(os.path.join(SAMPLES, "philosophers.c"), s) for s in ("global", "pervar", "stm")] + \
    [(os.path.join(TESTS, "c", "nested_retry.c"), s) for s in ("global", "pervar", "stm")] + \
    [(os.path.join(TESTS, "c", "retry_callee_locals.c"), s) for s in ("global", "pervar", "stm")]
# many_locations takes minutes of host time under pervar/stm on the simulator
# (40 stripe locks per block, spinning simulated faithfully); the others are quick.
MF_PROGRAMS = sorted(d for d in os.listdir(MULTIFILE)
                     if os.path.isfile(os.path.join(MULTIFILE, d, "main.c")) and d != "many_locations")


def _build(tmp_path, srcs, *flags, name="prog"):
    exe = str(tmp_path / name)
    r = atomicc("cc", "--target=sim:4", *flags, *srcs, "-o", exe, timeout=600)
    assert r.returncode == 0, r.stderr
    return exe


def _run(exe, *args, env=None, cwd=None, timeout=RUN_TIMEOUT):
    e = dict(os.environ, ATOMICC_SIM_REPORT="none")
    e.update(env or {})
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=timeout, env=e, cwd=cwd)


def _report(exe, tmp_path, *args, env=None):
    path = str(tmp_path / "report.json")
    p = _run(exe, *args, env=dict(env or {}, ATOMICC_SIM_REPORT=path, ATOMICC_SIM_REPORT_FORMAT="json"))
    assert p.returncode == 0, p.stdout + p.stderr
    with open(path) as f:
        return p.stdout, json.load(f)


@pytest.mark.parametrize("path", PROGRAMS, ids=[os.path.basename(p) for p in PROGRAMS])
def test_program_on_sim(tmp_path, path):
    exe = _build(tmp_path, [path], "-O2")
    p = _run(exe, *sample_args(path))
    assert p.returncode == 0, p.stdout + p.stderr[-4000:]
    assert p.stdout.splitlines() == expected_output(path)


@pytest.mark.parametrize("path, strategy", FORCED, ids=["%s-%s" % (os.path.basename(p), s) for p, s in FORCED])
def test_forced_strategy_on_sim(tmp_path, path, strategy):
    exe = _build(tmp_path, [path], "-O2", "--strategy=" + strategy)
    p = _run(exe, *sample_args(path), env={"ATOMICC_SOLO": "0", "ATOMICC_SIM_CPUS": "8"})
    assert p.returncode == 0, p.stdout + p.stderr[-4000:]
    assert p.stdout.splitlines() == expected_output(path)


def _mf_sources(name):
    d = os.path.join(MULTIFILE, name)
    return sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".c"))


@pytest.mark.parametrize("name", MF_PROGRAMS)
def test_multifile_on_sim(tmp_path, name):
    exe = _build(tmp_path, _mf_sources(name), "-O1")
    p = _run(exe, env={"ATOMICC_SOLO": "0"}, cwd=str(tmp_path))
    assert p.returncode == 0, p.stdout + p.stderr[-4000:]
    assert p.stdout.splitlines() == expected_output(os.path.join(MULTIFILE, name, "main.c"))


@pytest.mark.parametrize("name, strategy", [("bank_accessor", "pervar"), ("queue_retry", "stm")])
def test_separate_compilation_on_sim(tmp_path, name, strategy):
    objs = []
    for src in _mf_sources(name):
        obj = str(tmp_path / (os.path.basename(src)[:-2] + ".o"))
        r = atomicc("cc", "--target=sim:4", "--strategy=" + strategy, "-O1", "-c", src, "-o", obj, timeout=600)
        assert r.returncode == 0, r.stderr
        objs.append(obj)
    exe = str(tmp_path / "prog")
    r = atomicc("cc", "--target=sim:4", "--strategy=" + strategy, *objs, "-o", exe, timeout=600)
    assert r.returncode == 0, r.stderr
    p = _run(exe, env={"ATOMICC_SOLO": "0"}, cwd=str(tmp_path))
    assert p.returncode == 0, p.stdout + p.stderr[-4000:]
    assert p.stdout.splitlines() == expected_output(os.path.join(MULTIFILE, name, "main.c"))
    # objects built for the simulator do not link natively
    r = atomicc("cc", "--strategy=" + strategy, *objs, "-o", str(tmp_path / "native"), timeout=600)
    assert r.returncode == 1
    assert "was compiled with --target=sim; link it with --target=sim too" in r.stderr


@pytest.mark.parametrize("strategy", ["global", "pervar", "stm"])
def test_same_trace_hash_twice(tmp_path, strategy):
    """One binary, two runs: the same trace, cycle and event counts (the
    program runs without address randomisation, so even address-hashed
    stripes and lock tables fall the same way)."""
    src = os.path.join(SAMPLES, "bank1024.c")
    exe = _build(tmp_path, [src], "-O2", "--strategy=" + strategy)
    out1, r1 = _report(exe, tmp_path, *sample_args(src))
    out2, r2 = _report(exe, tmp_path, *sample_args(src))
    assert out1 == out2
    assert (r1["trace_hash"], r1["cycles"], r1["events"]) == (r2["trace_hash"], r2["cycles"], r2["events"])
    # other seeds: other schedules (at least one of three differs), the same result
    hashes = set()
    for seed in ("1", "2", "3"):
        out, r = _report(exe, tmp_path, *sample_args(src), env={"ATOMICC_SIM_SEED": seed})
        assert out == out1
        hashes.add(r["trace_hash"])
    assert hashes - {r1["trace_hash"]}


def test_O0_and_O2_builds_agree(tmp_path):
    """Build flags change a trace only through the data layout: an -O0 and an
    -O2 build of one program print the same and spend the same simulated time
    within 5 %.  (Their trace hashes differ: the two builds lay out stack
    frames, thread-locals and statics differently, and the cost model charges
    the first touch of each line and the lines that share it.  A pthread
    program whose layout does not change keeps its golden hash at both:
    test_sim_runtime.py.)"""
    src = os.path.join(SAMPLES, "bank1024.c")
    o2 = _build(tmp_path, [src], "-O2", "--strategy=global", name="o2")
    o0 = _build(tmp_path, [src], "-O0", "--strategy=global", name="o0")
    out2, r2 = _report(o2, tmp_path, *sample_args(src))
    out0, r0 = _report(o0, tmp_path, *sample_args(src))
    assert out0 == out2
    assert abs(r0["cycles"] - r2["cycles"]) <= 0.05 * r2["cycles"], (r0["cycles"], r2["cycles"])
    assert abs(r0["events"] - r2["events"]) <= 0.05 * r2["events"], (r0["events"], r2["events"])


def test_vcpus_from_target_and_environment(tmp_path):
    src = os.path.join(SAMPLES, "bank1024.c")
    exe = _build(tmp_path, [src], "-O2", "--strategy=pervar")
    _, r = _report(exe, tmp_path, *sample_args(src))
    assert r["vcpus"] == 4
    _, r = _report(exe, tmp_path, *sample_args(src), env={"ATOMICC_SIM_CPUS": "16"})
    assert r["vcpus"] == 16


def test_deadlock_found_by_a_seed_and_replayed(tmp_path):
    src = os.path.join(SIM, "deadlock_block.c")
    exe = str(tmp_path / "dl")
    r = atomicc("cc", "--target=sim:2", "-O1", src, "-o", exe)
    assert r.returncode == 0, r.stderr
    assert "[atomicc-deadlock]" in r.stderr          # the compiler saw the cycle
    found = None
    for seed in range(0, 101):
        p = _run(exe, env={"ATOMICC_SIM_SEED": str(seed)}, timeout=60)
        if p.returncode == 86:
            found = seed, p.stderr
            break
        assert p.returncode == 0, p.stderr[-3000:]
        assert p.stdout == "x=120 y=40\n"
    assert found is not None, "no seed in 0..100 deadlocked"
    seed, report = found
    assert "deadlock: every thread is blocked (seed %d; replay with ATOMICC_SIM_SEED=%d)" % (seed, seed) in report
    assert "waits for mutex" in report and "(m+0) held by thread" in report
    assert "atomicc__glock" in report                  # the block's global lock
    again = _run(exe, env={"ATOMICC_SIM_SEED": str(seed)}, timeout=60)
    assert again.returncode == 86 and again.stderr == report


def test_sim_and_tsan_do_not_mix(tmp_path):
    r = atomicc("cc", "--target=sim", "-fsanitize=thread", os.path.join(SAMPLES, "bank.c"), "-o",
                str(tmp_path / "x"))
    assert r.returncode == 2 and "cannot be combined with -fsanitize=thread" in r.stderr


def test_dash_E_prints_the_instrumented_unit(tmp_path):
    r = atomicc("cc", "--target=sim", "-E", os.path.join(SAMPLES, "bank1024.c"))
    assert r.returncode == 0, r.stderr
    assert "atomicc__sim_w(" in r.stdout and "atomicc__sim_work(" in r.stdout


def test_preprocessor_flags_with_separate_arguments(tmp_path):
    """-I DIR and -include FILE as two words reach the preprocessor only: the
    instrumented unit is compiled without them (a directory there was taken
    for a linker input, and a forced include would be included twice)."""
    inc = tmp_path / "inc dir"
    inc.mkdir()
    (inc / "val.h").write_text("#define VAL 41\n")
    (tmp_path / "cfg.h").write_text("static int bump(int x) { return x + 1; }\n")
    src = tmp_path / "prog.c"
    src.write_text('#include <stdio.h>\n#include "val.h"\nstatic int n = VAL;\n'
                   'int main(void) { atomic { n = bump(n); } printf("%d\\n", n); return 0; }\n')
    exe = str(tmp_path / "prog")
    r = atomicc("cc", "--target=sim:2", "-Wall", "-I", str(inc), "-include", str(tmp_path / "cfg.h"),
                str(src), "-o", exe, timeout=600)
    assert r.returncode == 0 and "warning" not in r.stderr, r.stderr
    p = _run(exe)
    assert p.returncode == 0 and p.stdout == "42\n", p.stdout + p.stderr
